package cn.futian.jufu.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, with this API's extension members {@code code} and errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
    @Schema(description = "URI naming the problem type", examples = "urn:jufu:problem:not-found")
        String type,
    @Schema(description = "Short text in the caller's language (zh-CN by default, en)")
        String title,
    @Schema(description = "HTTP status", examples = "404") int status,
    @Schema(description = "What went wrong in this request, in the caller's language")
        String detail,
    @Schema(description = "The request path") String instance,
    @Schema(description = "Machine-readable problem code", examples = "not-found") String code,
    @Schema(description = "Seconds to wait before retrying (429, 503)") Integer retryAfter,
    @Schema(description = "Per-field errors of a refused request body or query")
        List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One refused field: its JSON path, a machine code and a text in the caller's language. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "FieldError")
  public record FieldError(
      @Schema(description = "Path of the field, e.g. displayName or items[2].name") String field,
      @Schema(description = "Machine-readable reason", examples = "size") String code,
      @Schema(description = "Human text") String message) {}
}

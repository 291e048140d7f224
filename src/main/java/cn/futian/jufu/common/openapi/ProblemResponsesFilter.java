package cn.futian.jufu.common.openapi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents the one error path in the contract: every operation lists the problem responses it can
 * give, each an {@code application/problem+json} document of schema {@code Problem}. Kept in code
 * so a new endpoint cannot forget them.
 */
public class ProblemResponsesFilter implements OASFilter {

  static final String PROBLEM = "application/problem+json";

  private static final Map<String, String> COMMON = new LinkedHashMap<>();
  private static final Map<String, String> WRITES = new LinkedHashMap<>();

  static {
    COMMON.put("400", "BadRequest");
    COMMON.put("401", "Unauthorized");
    COMMON.put("403", "Forbidden");
    COMMON.put("404", "NotFound");
    COMMON.put("429", "TooManyRequests");
    COMMON.put("500", "InternalError");
    COMMON.put("503", "ServiceUnavailable");
    WRITES.put("409", "Conflict");
    WRITES.put("413", "ContentTooLarge");
    WRITES.put("415", "UnsupportedMediaType");
    WRITES.put("422", "UnprocessableContent");
  }

  // Insertion order, so the generated document is the same on every run.
  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

  static {
    DESCRIPTIONS.put("BadRequest", "Malformed request or invalid fields (see errors)");
    DESCRIPTIONS.put("Unauthorized", "No valid Keycloak access token");
    DESCRIPTIONS.put("Forbidden", "The caller may not do this");
    DESCRIPTIONS.put("NotFound", "No such resource");
    DESCRIPTIONS.put("Conflict", "Conflicts with the current state");
    DESCRIPTIONS.put("ContentTooLarge", "Request body over the limit");
    DESCRIPTIONS.put("UnsupportedMediaType", "Body is not JSON");
    DESCRIPTIONS.put("UnprocessableContent", "Valid request that breaks a business rule");
    DESCRIPTIONS.put("TooManyRequests", "Rate limited; see Retry-After");
    DESCRIPTIONS.put("InternalError", "Unexpected error (reported with an error id)");
    DESCRIPTIONS.put("ServiceUnavailable", "A dependency is down; see Retry-After");
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    var components = openAPI.getComponents();
    DESCRIPTIONS.forEach(
        (name, description) ->
            components.addResponse(
                name,
                OASFactory.createAPIResponse()
                    .description(description)
                    .content(
                        OASFactory.createContent()
                            .addMediaType(
                                PROBLEM,
                                OASFactory.createMediaType()
                                    .schema(
                                        OASFactory.createSchema()
                                            .ref("#/components/schemas/Problem"))))));
    if (openAPI.getPaths() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach(
                        (method, op) -> {
                          add(op, COMMON);
                          if (method != PathItem.HttpMethod.GET) {
                            add(op, WRITES);
                          }
                        }));
  }

  private static void add(Operation op, Map<String, String> responses) {
    if (op.getResponses() == null) {
      op.setResponses(OASFactory.createAPIResponses());
    }
    responses.forEach(
        (status, name) -> {
          APIResponse existing = op.getResponses().getAPIResponse(status);
          // Replace the body-less defaults that the generator adds (e.g. 401 "Not Authorized").
          if (existing == null || (existing.getRef() == null && existing.getContent() == null)) {
            APIResponse ref = OASFactory.createAPIResponse().ref("#/components/responses/" + name);
            op.getResponses().addAPIResponse(status, ref);
          }
        });
  }
}

package cn.futian.jufu.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.core.ApiFuture;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Push over Firebase Cloud Messaging (HTTP v1) with the Firebase Admin SDK.
 *
 * <p>The channel owns a named {@link FirebaseApp}, built on first use by {@link FcmApps} and sized
 * for bulk sends: at most {@code max-in-flight} requests at once across all callers (at 40 ms per
 * FCM request, 500 in flight allow about 12,000 messages a second). Messages are mapped by {@link
 * FcmMessages}, FCM's errors by {@link FcmErrors}.
 */
@ApplicationScoped
public class FcmChannel implements PushChannel {

  private static final Logger LOG = Logger.getLogger(FcmChannel.class);

  /** The SDK refuses larger lists in one {@code sendEach}. */
  static final int SDK_BATCH_LIMIT = 500;

  private final FcmConfig config;
  private final Object lock = new Object();
  private final FcmErrors errors = new FcmErrors();

  private volatile FirebaseMessaging messaging;
  private FirebaseApp app;
  private HttpTransport transport;
  private boolean closed;

  @Inject
  FcmChannel(FcmConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "FCM";
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  /**
   * Sends each message once (the SDK itself retries a 503 up to four times, honouring Retry-After);
   * returns one outcome per message, in order.
   *
   * @throws IllegalStateException when the channel is not enabled or Firebase cannot be set up
   *     (credentials missing or unreadable)
   */
  @Override
  public List<PushOutcome> send(List<PushMessage> messages) {
    return dispatch(messages, false);
  }

  /**
   * Like {@link #send} but with FCM's {@code validate_only}: FCM checks each message and token and
   * delivers nothing. For campaign dry runs.
   */
  @Override
  public List<PushOutcome> validate(List<PushMessage> messages) {
    return dispatch(messages, true);
  }

  @Override
  public boolean canValidate() {
    return true;
  }

  /** Sets Firebase up at startup so that a configuration problem shows in the log at once. */
  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.debug("FCM push is disabled (fulian.push.fcm.enabled=false)");
      return;
    }
    try {
      messaging();
    } catch (RuntimeException e) {
      LOG.errorf(e, "FCM push is enabled but cannot be set up; sends will fail until fixed");
    }
  }

  /** Deletes the Firebase app and closes the HTTP client; further sends fail. */
  @PreDestroy
  public void close() {
    synchronized (lock) {
      closed = true;
      messaging = null;
      if (app != null) {
        app.delete(); // releases the executor through the ThreadManager
        app = null;
      }
      if (transport != null) {
        try {
          transport.shutdown();
        } catch (IOException e) {
          LOG.debugf(e, "Closing the FCM HTTP client failed");
        }
        transport = null;
      }
    }
  }

  // --- sending -----------------------------------------------------------------------------------

  private List<PushOutcome> dispatch(List<PushMessage> messages, boolean dryRun) {
    if (!config.enabled()) {
      throw new IllegalStateException("FCM push is not enabled (fulian.push.fcm.enabled)");
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    FirebaseMessaging fcm = messaging();
    PushOutcome[] outcomes = new PushOutcome[messages.size()];
    List<Message> prepared = new ArrayList<>(messages.size());
    int[] positions = new int[messages.size()];
    Instant now = Instant.now();
    for (int i = 0; i < messages.size(); i++) {
      PushMessage message = messages.get(i);
      if (message.target() == null || message.target().isBlank()) {
        outcomes[i] = PushOutcome.gone(MessagingErrorCode.INVALID_ARGUMENT.name());
        continue;
      }
      try {
        positions[prepared.size()] = i;
        prepared.add(FcmMessages.of(message, now, config.ttl()));
      } catch (IllegalArgumentException | NullPointerException e) {
        // The SDK checks a message when it is built: nothing FCM would accept either.
        LOG.debugf("FCM message for %s not built: %s", FcmErrors.tokenPrefix(message.target()), e);
        outcomes[i] = PushOutcome.rejected(MessagingErrorCode.INVALID_ARGUMENT.name());
      }
    }

    // Each sendEachAsync queues one task per message on the bounded executor; a few chunks are
    // kept outstanding so that the executor never runs dry between chunks, without queueing the
    // whole list at once.
    int chunkSize = Math.min(SDK_BATCH_LIMIT, maxInFlight());
    int window = Math.max(2, (maxInFlight() + chunkSize - 1) / chunkSize + 1);
    Deque<Chunk> pending = new ArrayDeque<>();
    boolean interrupted = false;
    for (int start = 0; start < prepared.size() && !interrupted; start += chunkSize) {
      if (pending.size() >= window) {
        interrupted = !collect(pending.removeFirst(), messages, positions, outcomes);
      }
      if (!interrupted) {
        List<Message> part = prepared.subList(start, Math.min(start + chunkSize, prepared.size()));
        pending.addLast(new Chunk(start, part.size(), fcm.sendEachAsync(part, dryRun)));
      }
    }
    while (!pending.isEmpty() && !interrupted) {
      interrupted = !collect(pending.removeFirst(), messages, positions, outcomes);
    }
    if (interrupted) {
      for (Chunk chunk : pending) {
        chunk.future().cancel(false);
      }
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) { // not sent, or unknown after an interrupt
        outcomes[i] = PushOutcome.retry(ErrorCode.CANCELLED.name(), null);
      }
    }
    return Arrays.asList(outcomes);
  }

  /** Waits for one chunk and maps its responses; false when the thread was interrupted. */
  private boolean collect(
      Chunk chunk, List<PushMessage> messages, int[] positions, PushOutcome[] outcomes) {
    List<SendResponse> responses;
    try {
      BatchResponse batch = chunk.future().get();
      responses = batch.getResponses();
    } catch (InterruptedException e) {
      chunk.future().cancel(false);
      return false;
    } catch (ExecutionException e) {
      // Only an unexpected error inside the SDK gets here; per-message FCM errors do not.
      LOG.warnf(
          e.getCause(), "FCM sendEach failed for %d messages; they will be retried", chunk.size());
      for (int j = 0; j < chunk.size(); j++) {
        outcomes[positions[chunk.start() + j]] = PushOutcome.retry(ErrorCode.UNKNOWN.name(), null);
      }
      return true;
    }
    for (int j = 0; j < chunk.size(); j++) {
      int position = positions[chunk.start() + j];
      SendResponse response = responses.get(j);
      outcomes[position] =
          response.isSuccessful()
              ? PushOutcome.sent()
              : errors.outcomeOf(response.getException(), messages.get(position).target());
    }
    return true;
  }

  private record Chunk(int start, int size, ApiFuture<BatchResponse> future) {}

  // --- Firebase setup ----------------------------------------------------------------------------

  private int maxInFlight() {
    return Math.max(1, config.maxInFlight());
  }

  private FirebaseMessaging messaging() {
    FirebaseMessaging current = messaging;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The FCM channel is closed");
      }
      if (messaging == null) {
        FcmApps.Fcm fcm = FcmApps.create(config, maxInFlight());
        app = fcm.app();
        transport = fcm.transport();
        messaging = fcm.messaging();
        LOG.infof(
            "FCM push ready: project %s, %d requests in flight at most%s",
            config.projectId().orElse("(from credentials)"),
            maxInFlight(),
            config.endpoint().map(url -> ", endpoint " + url).orElse(""));
      }
      return messaging;
    }
  }
}

package cn.futian.jufu.events;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.events.EventLifecycle.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every action from every state: allowed moves give their target, all others give none. */
class EventLifecycleTest {

  @ParameterizedTest(name = "{0} from {1} → {2}")
  @CsvSource({
    // action, from, target without approval, target with approval, actor
    "SUBMIT, DRAFT, PUBLISHED, PENDING_APPROVAL, OWNER",
    "APPROVE, PENDING_APPROVAL, PUBLISHED, PUBLISHED, APPROVER",
    "REJECT, PENDING_APPROVAL, DRAFT, DRAFT, APPROVER",
    "CLOSE_REGISTRATION, PUBLISHED, REGISTRATION_CLOSED, REGISTRATION_CLOSED, OWNER",
    "REOPEN_REGISTRATION, REGISTRATION_CLOSED, PUBLISHED, PUBLISHED, OWNER",
    "COMPLETE, PUBLISHED, COMPLETED, COMPLETED, OWNER",
    "COMPLETE, REGISTRATION_CLOSED, COMPLETED, COMPLETED, OWNER",
    "CANCEL, DRAFT, CANCELLED, CANCELLED, OWNER",
    "CANCEL, PENDING_APPROVAL, CANCELLED, CANCELLED, OWNER",
    "CANCEL, PUBLISHED, CANCELLED, CANCELLED, OWNER",
    "CANCEL, REGISTRATION_CLOSED, CANCELLED, CANCELLED, OWNER",
  })
  void allowedMoves(
      Action action,
      EventStatus from,
      EventStatus plain,
      EventStatus withApproval,
      EventLifecycle.Actor actor) {
    assertThat(EventLifecycle.target(action, from, false)).isEqualTo(plain);
    assertThat(EventLifecycle.target(action, from, true)).isEqualTo(withApproval);
    assertThat(EventLifecycle.move(action).actor()).isEqualTo(actor);
  }

  @Test
  void everythingElseIsRefused() {
    // 11 allowed (action, from) pairs above; every other pair must be refused.
    List<String> allowed = new ArrayList<>();
    for (Action action : Action.values()) {
      for (EventStatus from : EventStatus.values()) {
        if (EventLifecycle.target(action, from, false) != null) {
          allowed.add(action + " " + from);
        }
      }
    }
    assertThat(allowed).hasSize(11);
    // Completed and cancelled events are final.
    for (Action action : Action.values()) {
      assertThat(EventLifecycle.target(action, EventStatus.COMPLETED, false)).isNull();
      assertThat(EventLifecycle.target(action, EventStatus.CANCELLED, false)).isNull();
    }
  }
}

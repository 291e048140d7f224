package cn.futian.jufu.registrations;

import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.events.Eligibility;
import cn.futian.jufu.members.MemberDtos.ChildRef;
import cn.futian.jufu.members.MemberDtos.EligibilityProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The eligibility rules of an event, checked against what the member consented to give. Pure: the
 * facts that need the database (residency, appointments, recent sign-ups) are passed in. Each
 * failed rule is named by a machine code ({@code gender}, {@code age}, ...) with a text in zh-CN or
 * en.
 */
final class EligibilityCheck {

  /** Facts for one sign-up. */
  record Facts(
      Eligibility rules,
      EligibilityProfile member,
      List<ChildRef> children,
      boolean residentInAudience,
      boolean cadre,
      long recentSignUps,
      int thisYear) {}

  private EligibilityCheck() {}

  /** The failed rules (empty when the member may sign up). */
  static List<Problem.FieldError> failures(Facts f) {
    Eligibility r = f.rules();
    List<Problem.FieldError> out = new ArrayList<>();
    if (r == null) {
      return out;
    }
    EligibilityProfile m = f.member();
    if (r.cadresOnly && !f.cadre()) {
      out.add(fail("cadres-only"));
    }
    if (r.gender != null && r.gender != m.gender()) {
      out.add(fail("gender"));
    }
    if (r.minAge != null || r.maxAge != null) {
      if (m.birthYear() == null) {
        out.add(fail("age-unknown"));
      } else {
        int age = f.thisYear() - m.birthYear();
        if ((r.minAge != null && age < r.minAge) || (r.maxAge != null && age > r.maxAge)) {
          out.add(fail("age"));
        }
      }
    }
    if (r.maritalStatus != null && r.maritalStatus != m.maritalStatus()) {
      out.add(fail(m.maritalStatus() == null ? "marital-status-unknown" : "marital-status"));
    }
    if (r.residency && !f.residentInAudience()) {
      out.add(fail("residency"));
    }
    if (r.childMinAge != null || r.childMaxAge != null) {
      if (f.children().isEmpty()) {
        out.add(fail("children-required"));
      }
      for (ChildRef c : f.children()) {
        int age = f.thisYear() - c.birthYear();
        if ((r.childMinAge != null && age < r.childMinAge)
            || (r.childMaxAge != null && age > r.childMaxAge)) {
          out.add(fail("children-age"));
          break;
        }
      }
    }
    if (r.maxSignups != null && f.recentSignUps() >= r.maxSignups) {
      out.add(fail("max-signups"));
    }
    return out;
  }

  private static Problem.FieldError fail(String code) {
    return new Problem.FieldError("eligibility", code, null);
  }
}

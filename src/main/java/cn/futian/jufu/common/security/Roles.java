package cn.futian.jufu.common.security;

/** The Keycloak realm roles the API knows. */
public final class Roles {
  public static final String RESIDENT = "resident";
  public static final String CADRE = "cadre";
  public static final String ADMIN = "admin";

  /** Handles the rights-protection requests and cases assigned to her (ADR 0021). */
  public static final String CASEWORKER = "caseworker";

  /** Oversees the rights-protection work of the units she is appointed to, and below. */
  public static final String CASE_SUPERVISOR = "case-supervisor";

  private Roles() {}
}

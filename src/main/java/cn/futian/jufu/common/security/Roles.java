package cn.futian.jufu.common.security;

/** The Keycloak realm roles the API knows. */
public final class Roles {
  public static final String RESIDENT = "resident";
  public static final String CADRE = "cadre";
  public static final String ADMIN = "admin";

  private Roles() {}
}

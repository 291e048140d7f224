package cn.futian.jufu.audit;

/** Whether the audited action was allowed or refused. */
public enum AuditOutcome {
  ALLOWED,
  REFUSED
}

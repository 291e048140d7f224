package cn.futian.jufu.wechat;

/** WeChat answered with an {@code errcode} other than 0. No stack trace: it is an answer. */
class WeChatError extends RuntimeException {

  /** System busy: try again later. */
  static final int BUSY = -1;

  /** The access token is invalid (e.g. replaced by a forced refresh). */
  static final int INVALID_TOKEN = 40001;

  /** The openid is not a user of this mini-program. */
  static final int INVALID_OPENID = 40003;

  /** The access token is not the latest one. */
  static final int TOKEN_NOT_LATEST = 40014;

  /** jscode2session: the code is invalid (or expired, or was used). */
  static final int INVALID_CODE = 40029;

  /** The template id is unknown to this mini-program. */
  static final int INVALID_TEMPLATE = 40037;

  /** jscode2session: the code was used already. */
  static final int CODE_USED = 40163;

  /** jscode2session: the user is blocked from logging in (high risk). */
  static final int HIGH_RISK_USER = 40226;

  /** The access token has expired. */
  static final int TOKEN_EXPIRED = 42001;

  /** Daily limit of subscription messages reached. */
  static final int DAILY_LIMIT = 45009;

  /** jscode2session: too many calls for this user in a minute. */
  static final int RATE_LIMITED = 45011;

  /** subscribe/send: the user has no consent left for this template (or refused it). */
  static final int NO_CONSENT = 43101;

  /** subscribe/send: the data does not fit the template's fields. */
  static final int INVALID_DATA = 47003;

  private final int errcode;
  private final String errmsg;

  WeChatError(int errcode, String errmsg) {
    super("WeChat errcode " + errcode + ": " + errmsg, null, false, false);
    this.errcode = errcode;
    this.errmsg = errmsg;
  }

  int errcode() {
    return errcode;
  }

  String errmsg() {
    return errmsg;
  }

  /** Errors that a fresh access token cures. */
  static boolean isTokenError(int errcode) {
    return errcode == INVALID_TOKEN || errcode == TOKEN_EXPIRED || errcode == TOKEN_NOT_LATEST;
  }
}

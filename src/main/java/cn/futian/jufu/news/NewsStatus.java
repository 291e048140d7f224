package cn.futian.jufu.news;

/**
 * An article's lifecycle: {@code DRAFT → PUBLISHED → WITHDRAWN}. Only published articles reach
 * members. Withdrawing is final: a withdrawn article cannot be edited or published again (it keeps
 * its reads for the record); to correct one, write a new article. Drafts are not withdrawn.
 */
public enum NewsStatus {
  DRAFT,
  PUBLISHED,
  WITHDRAWN;

  /** Whether its title, summary, body, category and cover may still change. */
  public boolean editable() {
    return this != WITHDRAWN;
  }

  /** The status after {@code action}, or null when the move is not allowed from this status. */
  NewsStatus after(Action action) {
    return switch (action) {
      case PUBLISH -> this == DRAFT ? PUBLISHED : null;
      case WITHDRAW -> this == PUBLISHED ? WITHDRAWN : null;
    };
  }

  /** The moves cadres make. */
  public enum Action {
    PUBLISH,
    WITHDRAW
  }
}

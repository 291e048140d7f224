package cn.futian.jufu.orgunits;

import java.util.Set;

/** The levels of the "1+10+95+N" tree and which level may sit under which. */
public enum OrgUnitKind {
  DISTRICT,
  STREET,
  COMMUNITY,
  WOMENS_GROUP,
  TWO_NEW_ORG;

  /** The kinds a unit of this kind may have as parent (none for the district: it is the root). */
  public Set<OrgUnitKind> allowedParents() {
    return switch (this) {
      case DISTRICT -> Set.of();
      case STREET -> Set.of(DISTRICT);
      case COMMUNITY -> Set.of(STREET);
      case WOMENS_GROUP -> Set.of(COMMUNITY);
      case TWO_NEW_ORG -> Set.of(DISTRICT, STREET, COMMUNITY);
    };
  }
}

package cn.futian.jufu.servicepoints;

import cn.futian.jufu.common.error.DomainException;

/**
 * A "near" point with its radius, and the bounding box that contains the circle: the SQL prefilter
 * (an index range on lat, lng) before the exact great-circle distance.
 */
record Nearby(double lat, double lng, int radiusMetres) {

  /** The mean Earth radius, as in the events feed. */
  static final double EARTH_RADIUS_METRES = 6_371_008.8;

  /**
   * Parses {@code "lat,lng"} (WGS-84 degrees). Anything else, or a value out of range, is a 400 on
   * the field {@code near}.
   */
  static Nearby parse(String near, int radiusMetres) {
    String[] parts = near.split(",", -1);
    if (parts.length != 2) {
      throw DomainException.invalid("near", "near");
    }
    double lat;
    double lng;
    try {
      lat = Double.parseDouble(parts[0].strip());
      lng = Double.parseDouble(parts[1].strip());
    } catch (NumberFormatException e) {
      throw DomainException.invalid("near", "near");
    }
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
      throw DomainException.invalid("near", "near");
    }
    return new Nearby(lat, lng, radiusMetres);
  }

  double minLat() {
    return Math.max(-90, lat - latSpan());
  }

  double maxLat() {
    return Math.min(90, lat + latSpan());
  }

  /**
   * Whether the box can bound longitude: not when the circle reaches a pole or crosses the
   * antimeridian (then every longitude passes the prefilter and the exact distance decides).
   */
  boolean boundsLng() {
    double span = lngSpan();
    return !Double.isNaN(span) && lng - span >= -180 && lng + span <= 180;
  }

  double minLng() {
    return lng - lngSpan();
  }

  double maxLng() {
    return lng + lngSpan();
  }

  private double latSpan() {
    return Math.toDegrees(radiusMetres / EARTH_RADIUS_METRES);
  }

  /** The widest longitude difference on the circle: asin(sin(r / R) / cos(lat)). */
  private double lngSpan() {
    double s = Math.sin(radiusMetres / EARTH_RADIUS_METRES) / Math.cos(Math.toRadians(lat));
    return s >= 1 ? Double.NaN : Math.toDegrees(Math.asin(s));
  }
}

package cn.futian.jufu.common.http;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The address of the client behind a request: what per-address limits count and the audit log
 * records (ADR 0015).
 *
 * <p>The proxies whose word counts are Quarkus' own settings: {@code
 * quarkus.http.proxy.proxy-address-forwarding} and {@code quarkus.http.proxy.trusted-proxies}
 * (addresses and CIDR ranges; the prod overlay names the Ingress controller's pod range). When the
 * direct peer is not a trusted proxy, its address is the client's and any forwarded header is
 * ignored. When it is, the client is the right-most address of {@code X-Forwarded-For} that is not
 * itself a trusted proxy: a proxy that appends ({@code $proxy_add_x_forwarded_for}) keeps whatever
 * the client sent on the left, so the left-most entry (what Quarkus' own parser reports) is the
 * client's claim, while the entries a trusted proxy appended are facts.
 *
 * <p>Addresses come back in canonical form ({@code ::1}, never {@code 0:0:0:0:0:0:0:1}); {@link
 * #limitKey} folds an IPv6 address to its /64, the block one subscriber line gets.
 */
@ApplicationScoped
public class ClientAddress {

  private static final Logger LOG = Logger.getLogger(ClientAddress.class);
  static final String UNKNOWN = "unknown";

  private final boolean forwarding;
  private final List<Cidr> trusted;
  private final boolean trustAll;

  ClientAddress(
      @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
          boolean forwarding,
      @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
          Optional<List<String>> trustedProxies) {
    this.forwarding = forwarding;
    this.trusted = new ArrayList<>();
    for (String entry : trustedProxies.orElse(List.of())) {
      Cidr cidr = Cidr.parse(entry.trim());
      if (cidr == null) {
        LOG.warnf(
            "quarkus.http.proxy.trusted-proxies entry '%s' is not an address or CIDR range:"
                + " it is not used to find the client address",
            entry);
      } else {
        trusted.add(cidr);
        if (!entry.contains("/")) {
          // Measured here: 200 requests in 11 s with "127.0.0.1", in 0.4 s with "127.0.0.1/32".
          LOG.warnf(
              "quarkus.http.proxy.trusted-proxies entry '%s' has no prefix length: Quarkus"
                  + " resolves such entries as host names on every request; write %s/%d",
              entry.trim(), entry.trim(), cidr.network().length * 8);
        }
      }
    }
    // Quarkus trusts every peer when no list is given; so does this class.
    this.trustAll = trustedProxies.isEmpty() || trustedProxies.get().isEmpty();
  }

  /** The client's address, canonical, or {@code unknown}. */
  public String of(HttpServerRequest request) {
    SocketAddress peerAddress = request.connection().remoteAddress();
    String peer = peerAddress == null ? null : canonical(peerAddress.hostAddress());
    if (peer == null) {
      return UNKNOWN;
    }
    if (!forwarding || !isTrusted(peer)) {
      return peer;
    }
    List<String> chain = new ArrayList<>();
    for (String header : request.headers().getAll("X-Forwarded-For")) {
      for (String part : header.split(",")) {
        chain.add(part.trim());
      }
    }
    String client = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      String hop = canonical(stripPort(chain.get(i)));
      if (hop == null) {
        // Garbage from the client's side of the chain: the last good hop is the client.
        break;
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return client;
  }

  /** The key per-address limits count under: the address, or an IPv6 address's /64. */
  public String limitKey(HttpServerRequest request) {
    return limitKey(of(request));
  }

  /**
   * The client's network: an IPv4 address's /24, an IPv6 address's /64. For spotting bursts from
   * one network without keeping anyone's address.
   */
  public String networkKey(HttpServerRequest request) {
    String address = of(request);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return UNKNOWN;
    }
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
    }
    return limitKey(address);
  }

  static String limitKey(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return address;
    }
    byte[] prefix = new byte[16];
    System.arraycopy(bytes, 0, prefix, 0, 8);
    return NetUtil.bytesToIpAddress(prefix) + "/64";
  }

  boolean isTrusted(String address) {
    if (trustAll) {
      return true;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr cidr : trusted) {
      if (cidr.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The canonical text of an IP literal, IPv4-mapped IPv6 as IPv4; null if it is none. */
  static String canonical(String literal) {
    if (literal == null || literal.isEmpty()) {
      return null;
    }
    String s = literal;
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 16 && isIpv4Mapped(bytes)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return NetUtil.bytesToIpAddress(v4);
    }
    return NetUtil.bytesToIpAddress(bytes);
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** {@code 1.2.3.4:5678} and {@code [::1]:5678} as proxies may write them. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
      return hop.substring(0, colon);
    }
    return hop;
  }

  /** An address range: a network and the number of leading bits that must match. */
  record Cidr(byte[] network, int bits) {

    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
      if (bytes == null) {
        return null;
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (bits < 0 || bits > bytes.length * 8) {
          return null;
        }
      }
      return new Cidr(bytes, bits);
    }

    boolean contains(byte[] address) {
      byte[] a = address;
      if (a.length != network.length) {
        if (a.length == 16 && isIpv4Mapped(a) && network.length == 4) {
          a = java.util.Arrays.copyOfRange(a, 12, 16);
        } else {
          return false;
        }
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }
}

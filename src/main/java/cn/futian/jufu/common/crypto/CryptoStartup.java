package cn.futian.jufu.common.crypto;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Checks the key ring when the application starts, so a bad key stops the pod, not a request. */
@Startup
@ApplicationScoped
class CryptoStartup {

  private static final Logger LOG = Logger.getLogger(CryptoStartup.class);

  CryptoStartup(CryptoConfig config) {
    FieldCipher cipher = FieldCipher.parse(config.keys(), config.activeKey().orElse(null));
    LOG.infof("Field encryption: AES-256-GCM, active key %s", cipher.activeKeyId());
    FieldCipher.current();
    BlindIndex.current();
    if (config.blindKey().isEmpty()) {
      LOG.info("Blind index: key derived from the ring's first key (set FULIAN_CRYPTO_BLIND_KEY)");
    }
  }
}

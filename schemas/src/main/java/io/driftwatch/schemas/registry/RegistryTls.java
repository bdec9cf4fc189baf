package io.driftwatch.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

/** Builds the TLS context for the registry from the {@code schema.registry.ssl.*} keys. */
final class RegistryTls {

    private RegistryTls() {}

    /**
     * A context trusting the configured trust store and presenting the configured key store, or
     * null when neither is set (then the JVM default applies, i.e. {@code javax.net.ssl.*}).
     */
    static SSLContext fromConfig(AbstractConfig config) {
        String trustLocation = config.getString(RegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
        String keyLocation = config.getString(RegistryClientConfig.SSL_KEYSTORE_LOCATION);
        if (trustLocation.isBlank() && keyLocation.isBlank()) {
            return null;
        }
        try {
            TrustManager[] trust = null;
            if (!trustLocation.isBlank()) {
                KeyStore store = load(RegistryClientConfig.SSL_TRUSTSTORE_LOCATION, trustLocation,
                        config.getString(RegistryClientConfig.SSL_TRUSTSTORE_TYPE),
                        RegistryClientConfig.password(config, RegistryClientConfig.SSL_TRUSTSTORE_PASSWORD));
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (!keyLocation.isBlank()) {
                String storePassword = RegistryClientConfig.password(config, RegistryClientConfig.SSL_KEYSTORE_PASSWORD);
                String keyPassword = RegistryClientConfig.password(config, RegistryClientConfig.SSL_KEY_PASSWORD);
                KeyStore store = load(RegistryClientConfig.SSL_KEYSTORE_LOCATION, keyLocation,
                        config.getString(RegistryClientConfig.SSL_KEYSTORE_TYPE), storePassword);
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = keyPassword != null ? keyPassword : storePassword;
                factory.init(store, password == null ? new char[0] : password.toCharArray());
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot build a TLS context for the Schema Registry from "
                    + RegistryClientConfig.SSL_TRUSTSTORE_LOCATION + "/" + RegistryClientConfig.SSL_KEYSTORE_LOCATION
                    + ": " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, String password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type.isBlank() ? KeyStore.getDefaultType() : type.trim());
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the store (wrong path, type or password?): " + e.getMessage());
        }
        return store;
    }
}

package io.jdtail.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * Key files read once, on a thread of their own, from the moment the run starts: parsing them (and
 * the JDK's first Ed25519 key) then happens beside the connection's key exchange instead of
 * after it, and every session of the run shares the result instead of reading the files again. A
 * file that cannot be read fails each authentication with the same error MINA's own provider gives.
 */
final class PreloadedKeys implements KeyIdentityProvider {

    private final FutureTask<List<KeyPair>> loading;

    PreloadedKeys(List<Path> files) {
        FileKeyPairProvider provider = new FileKeyPairProvider(files);
        this.loading = new FutureTask<>(() -> {
            List<KeyPair> keys = new ArrayList<>();
            for (KeyPair key : provider.loadKeys(null)) {
                keys.add(key);
            }
            return List.copyOf(keys);
        });
        Thread.ofVirtual().name("jdtail-key-files").start(loading);
    }

    @Override
    public Iterable<KeyPair> loadKeys(SessionContext session) throws IOException, GeneralSecurityException {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the key files");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case GeneralSecurityException security -> throw security;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }
}

package io.jdtail.server.ssh;

import io.jdtail.config.LoginName;
import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;
import io.jdtail.engine.source.FileGate;
import io.jdtail.server.permission.FileAccessChecker;
import io.jdtail.server.permission.UnixUser;
import io.jdtail.server.permission.UserDirectory;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * dserver's login to itself, for its warm-up ({@code Server.WarmUp}): one SSH connection that dserver opens to its
 * own address at start, to serve a few requests over a log of its own so that its first client runs compiled code.
 *
 * <p>Why no client can use it, each reason enough on its own:
 * <ol>
 *   <li><b>The key exists only in this process.</b> The key pair is made here, in memory, at every start; it is
 *       never written anywhere and no file lists it.</li>
 *   <li><b>Only one connection, the one dserver opened.</b> The login is accepted only for the connection whose
 *       client end (address and port) the warm-up registered with {@link #expect} after it connected, before it
 *       authenticated: a TCP connection's two ends are unique while it is open, so no other connection has that
 *       client end. Once one connection is accepted no other is, and after {@link #close} (the warm-up ended) none.</li>
 *   <li><b>A name nobody else has.</b> {@value #NAME} is not a valid login name ({@link LoginName}): no system account,
 *       job, relay or keys file can have it, and no other key logs it in.</li>
 *   <li><b>It may read one file.</b> Its requests may open only the warm-up's own log ({@link #fileAccess}), as
 *       dserver's own account; every other path is refused as for a user without permission.</li>
 * </ol>
 */
public final class WarmUpLogin {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpLogin.class);

    /** The login's user name: not a valid login name, so no account or client login can have it. */
    public static final String NAME = "dserver:warm-up";

    /** Marks the one accepted session: its requests get the warm-up's file gate. */
    static final AttributeRepository.AttributeKey<Boolean> WARM_UP = new AttributeRepository.AttributeKey<>();

    /**
     * Made by the first {@link #keys} (the warm-up's): ECDSA key generation costs a fresh dserver about 0.2 s of CPU,
     * which a dserver without a warm-up (the default) need not spend. Null until then, and no key logs in.
     */
    private KeyPair keys;
    /** dserver's own account, as whom the warm-up's file is opened; empty if unknown (it then reads nothing). */
    private final Optional<UnixUser> self;
    /** What the accepted session may read (set by {@link #expect}). */
    private volatile FileAccessChecker access;
    /** The client end of the warm-up's connection, from {@link #expect} until a session is accepted. */
    private final AtomicReference<SocketAddress> expected = new AtomicReference<>();
    /** The one session accepted (MINA asks twice per session: without, then with the signature). */
    private final AtomicReference<ServerSession> accepted = new AtomicReference<>();
    private volatile boolean closed;
    /** Set once a client's read-once request has started: from then on the warm-up gives way to the clients. */
    private volatile boolean clientRequested;
    /** What the warm-up does to give way (end its connection), run once by the first client's request. */
    private final AtomicReference<Runnable> giveWay = new AtomicReference<>();

    private WarmUpLogin(Optional<UnixUser> self) {
        this.self = self;
        this.access = fileAccess(null, self);
    }

    /**
     * A login whose key pair, a new ECDSA P-256 one made in memory by the first {@link #keys}, is the only one it takes,
     * and whose requests read as {@code self} (dserver's own account); it accepts nothing until {@link #expect}.
     */
    static WarmUpLogin create(Optional<UnixUser> self) {
        return new WarmUpLogin(self);
    }

    /** The key pair the warm-up's client offers (in memory only), made on the first call. */
    public synchronized KeyPair keys() {
        if (keys == null) {
            try {
                // made by MINA, so that its signatures take it whatever crypto it was given (jdtail's SshSecurity, or
                // the operator's org.apache.sshd.security.registrars); ECDSA P-256, which every choice has, FIPS's too
                keys = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the warm-up's key: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    /** The warm-up's public key once {@link #keys} made it; empty before, when no key logs in. */
    private synchronized Optional<PublicKey> publicKey() {
        return keys == null ? Optional.empty() : Optional.of(keys.getPublic());
    }

    /**
     * Accepts the login of the connection whose client end is {@code clientEnd} (the warm-up's own, just connected),
     * once, and lets its requests read {@code file} (an absolute real path) and nothing else; false if the login was
     * closed or has accepted a connection already.
     */
    public boolean expect(SocketAddress clientEnd, Path file) {
        if (closed || accepted.get() != null) {
            return false;
        }
        access = fileAccess(file, self);
        return expected.compareAndSet(null, clientEnd);
    }

    /**
     * Accepts no login any more (the warm-up ended, or gave up); for good. It lets go of the warm-up (its way to give
     * way holds it, and with it its SSH client) and of its session: dserver keeps nothing of an ended warm-up.
     */
    public void close() {
        closed = true;
        expected.set(null);
        accepted.set(null);
        giveWay.set(null);
    }

    /**
     * A client's read-once request has started on dserver: the login closes, and the warm-up, if it runs, ends its connection
     * (and with it the request it is serving), so that the client's request has dserver's CPU to itself.
     */
    void clientRequestStarted() {
        if (clientRequested) {
            return;
        }
        clientRequested = true;
        Runnable action = giveWay.getAndSet(null);
        close();
        if (action != null) {
            action.run();
        }
    }

    /**
     * Runs {@code action} (once, on the thread that noticed it) when a client's request starts, at once if one has
     * started already: it must not block, it runs on an SSH I/O thread.
     */
    public void onClientRequest(Runnable action) {
        giveWay.set(action);
        if (clientRequested) {
            Runnable pending = giveWay.getAndSet(null);
            if (pending != null) {
                pending.run();
            }
        }
    }

    /** True when {@code user} is this login's name: such a login is decided here and nowhere else. */
    boolean isWarmUpLogin(String user) {
        return NAME.equals(user);
    }

    /** Decides a login as {@value #NAME}: see the class comment. */
    boolean authenticate(String user, PublicKey key, ServerSession session) {
        if (!isWarmUpLogin(user) || session == null || closed
                || !publicKey().map(own -> KeyUtils.compareKeys(own, key)).orElse(false)) {
            LOG.warn("refusing the login {} from {}: only dserver's own warm-up logs in so, with a key made in its "
                    + "memory, on the one connection it opened", user, session == null ? null : session.getClientAddress());
            return false;
        }
        if (accepted.get() == session) {
            return true;
        }
        SocketAddress clientEnd = session.getClientAddress();
        SocketAddress wanted = expected.get();
        if (wanted == null || !sameEnd(wanted, clientEnd) || !accepted.compareAndSet(null, session)) {
            LOG.warn("refusing the login {} from {}: not the warm-up's own connection", user, clientEnd);
            return false;
        }
        expected.set(null);
        session.setAttribute(WARM_UP, Boolean.TRUE);
        return true;
    }

    private static boolean sameEnd(SocketAddress a, SocketAddress b) {
        return a instanceof InetSocketAddress x && b instanceof InetSocketAddress y && x.getPort() == y.getPort()
                && x.getAddress() != null && x.getAddress().equals(y.getAddress());
    }

    /** Whether {@code session} is the warm-up's (its requests then get {@link #gate}). */
    static boolean isWarmUp(Session session) {
        return Boolean.TRUE.equals(session.getAttribute(WARM_UP));
    }

    /** The file gate of the warm-up's requests: the file given to {@link #expect} only. */
    FileGate gate() {
        return access.forUser(NAME);
    }

    /**
     * What the warm-up's requests may read: {@code file} only (a permission rule matching its exact path; null: no
     * file), opened as dserver's own account {@code self} (empty: unknown, nothing is read).
     */
    private static FileAccessChecker fileAccess(Path file, Optional<UnixUser> self) {
        List<PermissionRule> rules = file == null ? List.of() : List.of(new PermissionRule("readfiles:^" + file + "$",
                false, com.google.re2j.Pattern.compile("^" + com.google.re2j.Pattern.quote(file.toString()) + "$")));
        Permissions permissions = new Permissions(List.of(), Map.of(NAME, rules));
        UserDirectory users = name -> NAME.equals(name) ? self.map(u -> new UnixUser(NAME, u.uid(), u.gid(), u.groups(),
                Optional.empty())) : Optional.empty();
        return new FileAccessChecker(permissions, users);
    }
}

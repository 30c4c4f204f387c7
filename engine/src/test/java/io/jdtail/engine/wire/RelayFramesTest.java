package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.plan.PlanRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The frames of requests through relays: RELAY (the request and the servers behind the relay) and ORIGIN. */
class RelayFramesTest {

    static final PlanRequest REQUEST = new PlanRequest(PlanRequest.Mode.GREP, List.of("/var/log/app.log"), "ERROR",
            false, 0, 0, 0, Optional.empty());

    static Messages.Downstream leaf(String host, int port) {
        return Messages.Downstream.leaf(new HostPort(host, port));
    }

    @Test
    void aRelayRequestWithARelayBehindTheRelayReadsBackTheSame() throws Exception {
        Messages.Downstream inner = new Messages.Downstream(new HostPort("relay2", 2222),
                List.of(leaf("web3", 2222), leaf("::1", 2223)));
        Messages.RelayRequest sent = new Messages.RelayRequest(REQUEST, List.of(leaf("web1", 22), inner));

        Messages.RelayRequest read = Messages.relay(Messages.relay(sent));

        assertThat(read).isEqualTo(sent);
        assertThat(read.share().get(1).leaves()).containsExactly(new HostPort("web3", 2222), new HostPort("::1", 2223));
        assertThat(read.share().get(0).isRelay()).isFalse();
    }

    @Test
    void relaysDeeperThanTheLimitAreRefused() {
        Messages.Downstream chain = leaf("web1", 2222);
        for (int i = 0; i < Messages.MAX_RELAY_DEPTH; i++) {
            chain = new Messages.Downstream(new HostPort("relay" + i, 2222), List.of(chain));
        }
        Messages.RelayRequest deepest = new Messages.RelayRequest(REQUEST, chain.relayed());
        assertThat(Messages.relay(deepest).length).isPositive();
        Messages.RelayRequest tooDeep = new Messages.RelayRequest(REQUEST, List.of(chain));

        assertThatThrownBy(() -> Messages.relay(Messages.relay(tooDeep))).isInstanceOf(ProtocolException.class)
                .hasMessage("a RELAY frame may route through at most 8 relays one behind the other");
    }

    @Test
    void anOriginReadsBackTheSameAndAServerThatRelaysNothingMustNotSendOne() throws Exception {
        Messages.Origin failed = new Messages.Origin(new HostPort("web1", 2222), Messages.Origin.Event.FAILED, "refused");
        assertThat(Messages.origin(Messages.origin(failed))).isEqualTo(failed);

        assertThatThrownBy(() -> FrameReader.dispatch(new FrameCodec.Frame(FrameType.ORIGIN, Messages.origin(failed)),
                GarbageFrameProperties.IGNORE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unexpected ORIGIN frame");
    }

    @Test
    void aForwardedFrameGoesOutAfterAnOriginNamingItsServerAndAfterTheRelaysOwnBatchedLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(new FrameCodec(null, out, 1 << 20), false, () -> 0);
        LineBatch.Writer batch = new LineBatch.Writer();
        batch.add("/var/log/app.log", 7, 100, true, "a line".getBytes(), 0, 6);
        byte[] payload = java.util.Arrays.copyOf(batch.array(), batch.size());

        writer.forward(new HostPort("web1", 2222), FrameType.LINE, payload);

        FrameCodec in = new FrameCodec(new ByteArrayInputStream(out.toByteArray()), null, 1 << 20);
        List<FrameCodec.Frame> frames = new ArrayList<>();
        for (FrameCodec.Frame f = in.read(); f != null; f = in.read()) {
            frames.add(f);
        }
        assertThat(frames).extracting(FrameCodec.Frame::type).containsExactly(FrameType.ORIGIN, FrameType.LINE);
        assertThat(Messages.origin(frames.get(0).payload()))
                .isEqualTo(new Messages.Origin(new HostPort("web1", 2222), Messages.Origin.Event.FRAMES, ""));
        assertThat(LineBatch.read(frames.get(1).payload()).toList()).singleElement()
                .satisfies(l -> assertThat(new String(l.bytes())).isEqualTo("a line"));
    }
}

package io.jdtail.remote;

import java.io.IOException;

/**
 * A server's failure whose message already says what happened and what to do ("the session ran longer than
 * the --timeout of 20 s"): shown as it is, never reworded as a connection problem.
 */
final class ServerProblem extends IOException {

    ServerProblem(String message) {
        super(message);
    }
}

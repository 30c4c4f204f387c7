package io.jdtail.clients.cli;

import io.jdtail.clients.local.LocalRead;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import java.util.Optional;

/** dcat and dgrep: read files once, in order, through the optional filter and context. */
abstract class ReadCommand extends ClientCommand {

    protected abstract PlanRequest request(java.util.List<String> files);

    @Override
    protected Integer run() throws InterruptedException {
        HostContext host = HostContext.local();
        ClientMessages messages = messages(host);
        java.util.List<String> fileArgs = fileArguments(positional);
        Optional<Plan> plan = plan(request(fileArgs));
        if (plan.isEmpty()) {
            return Commands.USAGE;
        }
        if (remote.remote()) {
            if (refusesStdinOnServers(fileArgs)) {
                return Commands.USAGE;
            }
            if (fileArgs.isEmpty()) {
                err.println(name() + ": name the files to read on the servers (positional or --files).");
                return Commands.USAGE;
            }
            io.jdtail.clients.render.LineRenderer renderer = new io.jdtail.clients.render.LineRenderer(out, host.hostname(),
                    lineStyle(), messages::error);
            try {
                PlanRequest request = output.plain ? request(fileArgs).unnumbered() : request(fileArgs);
                return RemoteClient.run(remote, request, RemoteSinks.lines(renderer, messages, false), messages,
                        terminal().interactive(), err, () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Commands.FAILED;
            } finally {
                renderer.flush();
            }
        }
        Optional<Inputs> inputs = inputs(fileArgs, messages);
        if (inputs.isEmpty()) {
            return fileArgs.isEmpty() ? Commands.USAGE : Commands.FAILED;
        }
        LocalRead.run(plan.get(), inputs.get().readOnce(STDIN), out, host, lineStyle(), messages);
        return messages.hadErrors() ? Commands.FAILED : Commands.OK;
    }
}

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
    public Integer call() {
        HostContext host = HostContext.local();
        ClientMessages messages = messages(host);
        java.util.List<String> fileArgs = fileArguments(positional);
        Plan plan;
        try {
            plan = planner().plan(request(fileArgs));
            plan.server().filter().ifPresent(io.jdtail.engine.operator.LineFilter::compile);
        } catch (IllegalArgumentException e) {
            err.println(name() + ": " + e.getMessage());
            return Commands.USAGE;
        }
        Optional<Inputs> inputs = inputs(fileArgs, messages);
        if (inputs.isEmpty()) {
            return fileArgs.isEmpty() ? Commands.USAGE : Commands.FAILED;
        }
        LocalRead.run(plan, inputs.get().files(), inputs.get().stream(), out, host.hostname(), output.plain,
                terminal().colour(), messages);
        return messages.hadErrors() ? Commands.FAILED : Commands.OK;
    }
}

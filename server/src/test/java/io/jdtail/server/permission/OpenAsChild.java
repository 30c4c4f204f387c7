package io.jdtail.server.permission;

import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;
import io.jdtail.engine.source.FileGate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A process of its own for {@link RecommendedPrivilegesTest}: started with only the capabilities the server README
 * recommends, it opens files through dserver's gate for a user and prints what it got, one line a file.
 * Arguments: the user, then the files.
 */
public final class OpenAsChild {

    private OpenAsChild() {
    }

    public static void main(String[] args) {
        FileAccessChecker gate = new FileAccessChecker(new Permissions(
                List.of(((PermissionRule.Parsed.Rule) PermissionRule.parse("readfiles:^/")).rule()), Map.of()),
                new SystemUserDirectory());
        System.out.println("opens as the user: " + FileOpener.shared().opensAsUser());
        for (int i = 1; i < args.length; i++) {
            switch (gate.open(args[0], Path.of(args[i]))) {
                case FileGate.OpenedFile f -> {
                    System.out.println(f.requested() + ": opened");
                    f.close();
                }
                case FileGate.Refused r -> System.out.println(r.message());
            }
        }
    }
}

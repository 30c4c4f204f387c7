import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (run by dist/pom.xml as a single-file program):
 * {@code java UpgradeClassFiles.java IN.jar OUT.jar} copies a jar, rewriting class files older than
 * Java 6 (major version 50) as Java 8 class files with stack maps, computed by the JDK's ClassFile
 * API; the code itself is unchanged.
 *
 * <p>Why: picocli is compiled for Java 5. The JVM checks such classes with the slow type-inferring
 * verifier, and the AOT cache cannot keep them ("old class has been linked"), so every command
 * loaded, verified and linked picocli from its jar again: about 40 ms of each start-up.
 */
public final class UpgradeClassFiles {

    private static final int OLDEST_KEPT = 50;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java UpgradeClassFiles.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        // stack maps need the class hierarchy: the jar's own classes, then the JDK's
        try (URLClassLoader jar = new URLClassLoader(new URL[] {in.toUri().toURL()}, null)) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(jar))));
            Files.createDirectories(out.toAbsolutePath().getParent());
            int upgraded = 0;
            try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
                 OutputStream raw = Files.newOutputStream(out);
                 ZipOutputStream zout = new ZipOutputStream(raw)) {
                for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                    byte[] bytes = zin.readAllBytes();
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                        ClassModel model = classFile.parse(bytes);
                        if (model.majorVersion() < OLDEST_KEPT) {
                            bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                    .andThen((builder, element) -> {
                                        if (element instanceof ClassFileVersion) {
                                            builder.withVersion(TARGET, 0);
                                        } else {
                                            builder.with(element);
                                        }
                                    }));
                            upgraded++;
                        }
                    }
                    zout.putNextEntry(new ZipEntry(entry.getName()));
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
            System.out.println(in.getFileName() + ": " + upgraded + " class files upgraded to Java 8 with stack maps");
        }
    }
}

# Sourced, not run: sets JDTAIL_CLIENT_FLAGS, the JVM flags of every client. bin/jdtail-launch
# gives them to the clients (not to dserver, a long-running process with its own defaults), and
# bench/remote to its 1,000-session client.
#
# The clients are short runs whose CPU goes largely to the JIT compilers (measured with
# -XX:+CITime: 2.5 s of compiling in a 3.3 s remote dcat of 600 MB), so they are tuned for that,
# measured with bench/remote, paired runs:
# - FreqInlineSize=120 (325 by default): smaller C2 compilations of MINA's and the JDK's large hot
#   methods; a remote dcat used 12-15% less client CPU, serverless runs were unchanged (bench/run);
# - CompileThresholdScaling=2: methods wait twice as long for C2, so a short command (a selective
#   remote dgrep) no longer compiles what it barely runs: 15% less wall time there (measured again
#   with the cache built without training profiles: 0.82 -> 0.76 s), the same for a bulk dcat;
# - transparent huge pages for the heap, where the kernel offers them (madvise): a bulk read
#   allocates hundreds of MB of young objects, and faulting in the young generation 4 KiB at a time
#   was a tenth of the client's CPU on a virtual machine;
# - the JDK's own crypto (com.sun.crypto.provider) reaches the optimizing compiler 400 times sooner:
#   AES-GCM decrypts a whole SSH packet per call, so at the usual thresholds the JIT compiled its
#   intrinsic (AES-NI/CLMUL) path only after more than 100 MB of 32 KB packets, decrypted until then
#   in plain Java at 80-160 MB/s (40 times sooner: paired runs, remote dcat of 600 MB: 2.59 -> 2.31 s,
#   client CPU 2.93 -> 2.60 s; selective dgrep 0.84 -> 0.81 s). The clients now accept packets of
#   256 KiB (ClientPackets), 8 times fewer calls for the same bytes, so 10 times sooner again: a few
#   dozen calls, at most some 20 MB (at 40 times, a JFR profile of a remote dcat still had GHASH's
#   plain-Java code as its largest entry, and the client's CPU did not fall). "quiet" keeps the JVM from announcing the command on stdout, which is the
#   command's output;
# - reflection through the JDK's native accessor (jdk.reflect.useNativeAccessorOnly): the default
#   builds a method handle for every method first called by reflection, and its classes are spun
#   at run time (the start-up cache cannot hold them). A remote command spun 33 such classes while
#   it connected, 28 of them for MINA SSHD's session listeners (called through a reflective proxy,
#   one method per event, on the threads of the key exchange) and 3 for picocli's conversion of
#   --key to a Path; the native accessor is slower per call, and these calls are few;
# - what the JVM itself logs (its warnings and errors) goes to stderr, not to stdout as by default:
#   stdout is the command's output (dcat --plain reproduces its input byte for byte). A JDK of the
#   start-up cache's version that is not the runtime the cache was made for (JDTAIL_JAVA=a full JDK)
#   refuses the cache with three such lines, and they ended up in the output of the command
#   (and in a file it was redirected to). -Xlog options of JDTAIL_JAVA_OPTS come after and still apply.
# Only bash builtins: the launcher forks nothing before java starts.
JDTAIL_CLIENT_FLAGS=(-XX:FreqInlineSize=120 -XX:CompileThresholdScaling=2
  -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.005"
  -Djdk.reflect.useNativeAccessorOnly=true -Xlog:disable -Xlog:all=warning:stderr)
jdtail_thp=""
{ read -r jdtail_thp < /sys/kernel/mm/transparent_hugepage/enabled; } 2>/dev/null || true
case "$jdtail_thp" in *"[madvise]"*|*"[always]"*) JDTAIL_CLIENT_FLAGS+=(-XX:+UseTransparentHugePages) ;; esac
unset jdtail_thp

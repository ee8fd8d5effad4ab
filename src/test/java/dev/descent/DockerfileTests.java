package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container build, checked statically: no Docker engine runs in CI, so the Dockerfile, .dockerignore and
 * compose.yaml are parsed here (continuation lines, comments, stages, flags, exec and shell forms) and held to the
 * deployment requirements.
 */
class DockerfileTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String READINESS = "/actuator/health/readiness";
    private static final String CACHEDIR_PROPERTY = "-Dorg.bytedeco.javacpp.cachedir=";

    private final List<Stage> stages = Dockerfile.parse(read("Dockerfile"));
    private final DockerIgnore ignore = DockerIgnore.parse(read(".dockerignore"));

    @Test
    void buildsOnTheTemurinJdkAndRunsOnTheGlibcTemurinJre() {
        assertThat(stages).as("stages").hasSize(2);
        assertThat(build().image()).startsWith("eclipse-temurin:17-jdk");
        assertThat(build().name()).as("the build stage's name").isNotEmpty();
        assertThat(runtime().image()).startsWith("eclipse-temurin:17-jre");
        // ND4J's natives need glibc: they crash on Alpine's musl
        assertThat(stages).allSatisfy(stage -> assertThat(stage.image()).doesNotContainIgnoringCase("alpine"));
    }

    @Test
    void buildStageFetchesDependenciesBeforeItCopiesTheSources() {
        List<Instruction> steps = build().instructions();
        int pom = indexOf(steps, i -> i.is("COPY") && i.sources().contains("pom.xml"));
        int wrapper = indexOf(steps, i -> i.is("COPY") && i.sources().contains("mvnw"));
        int offline = indexOf(steps, i -> i.is("RUN") && i.arguments().contains("./mvnw") && i.arguments().contains("dependency:go-offline"));
        int sources = indexOf(steps, i -> i.is("COPY") && i.sources().stream().anyMatch(s -> clean(s).equals("src")));
        int packaging = indexOf(steps, i -> i.is("RUN") && i.arguments().contains("./mvnw") && i.arguments().contains("-DskipTests")
                && i.arguments().contains("package"));
        assertThat(List.of(pom, wrapper, offline, sources, packaging)).as("COPY pom.xml, COPY mvnw, go-offline, COPY src, package")
                .doesNotContain(-1);
        assertThat(pom).isLessThan(offline);
        assertThat(wrapper).isLessThan(offline);
        assertThat(offline).isLessThan(sources);
        assertThat(sources).isLessThan(packaging);
    }

    @Test
    void nativeCacheIsUnpackedInTheBuildStageAndCopiedToTheSamePathInTheFinalOne() {
        String dir = build().instructions().stream().filter(i -> i.is("RUN"))
                .map(i -> Pattern.compile(Pattern.quote(CACHEDIR_PROPERTY) + "\"?([^\\s\"]+)").matcher(i.arguments()))
                .filter(Matcher::find).map(m -> clean(m.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError("no RUN in the build stage sets " + CACHEDIR_PROPERTY));
        List<Instruction> copies = runtime().instructions().stream()
                .filter(i -> i.is("COPY") && i.flag("from").filter(from -> from.equals(build().name()) || from.equals("0")).isPresent())
                .filter(i -> i.sources().stream().map(DockerfileTests::clean).anyMatch(dir::equals))
                .toList();
        assertThat(copies).as("COPY --from=%s %s ...", build().name(), dir).hasSize(1);
        // JavaCPP's links inside the cache are absolute paths: the cache has to stay where it was made
        assertThat(clean(copies.get(0).destination())).isEqualTo(dir);
        // JavaCPP passes over a cache directory that the process cannot write to, and unpacks everything again
        String uid = runtime().last("USER").orElseThrow().arguments().split(":")[0];
        assertThat(copies.get(0).flag("chown").map(owner -> owner.split(":")[0])).as("COPY --chown of the cache").hasValue(uid);
        assertThat(runtime().env()).containsEntry("JAVACPP_CACHEDIR", dir);
        assertThat(read(entrypointScript())).contains(CACHEDIR_PROPERTY + "${JAVACPP_CACHEDIR");
    }

    @Test
    void runsAsAFixedNonRootUser() {
        String user = runtime().last("USER").map(Instruction::arguments).orElseThrow(() -> new AssertionError("no USER in the final stage"));
        String name = user.split(":")[0];
        assertThat(name).isNotIn("root", "0");
        // numeric, so that an orchestrator (Kubernetes' runAsNonRoot) can check it is not root without /etc/passwd
        assertThat(user).matches("\\d+(:\\d+)?");
    }

    @Test
    void keepsItsStorageInAVolumeAndServesPort8080() {
        List<String> volumes = runtime().all("VOLUME").stream().flatMap(i -> i.list().stream()).map(DockerfileTests::clean).toList();
        assertThat(volumes).contains("/data");
        assertThat(runtime().env()).containsEntry("DESCENT_STORAGE_DIR", "/data");
        List<String> ports = runtime().all("EXPOSE").stream().flatMap(i -> i.list().stream()).map(p -> p.replace("/tcp", "")).toList();
        assertThat(ports).contains("8080");
    }

    @Test
    void healthCheckProbesReadiness() {
        Instruction check = runtime().last("HEALTHCHECK").orElseThrow(() -> new AssertionError("no HEALTHCHECK in the final stage"));
        assertThat(check.arguments()).startsWith("CMD ").contains(READINESS);
        assertThat(check.flags()).containsKeys("interval", "timeout", "start-period");
    }

    @Test
    void entrypointIsInExecFormAndExecsJava() {
        Instruction entrypoint = runtime().last("ENTRYPOINT").orElseThrow(() -> new AssertionError("no ENTRYPOINT in the final stage"));
        // exec form: no /bin/sh -c in between, so that SIGTERM reaches the JVM for a graceful shutdown
        assertThat(entrypoint.isExecForm()).as("ENTRYPOINT %s in exec (JSON array) form", entrypoint.arguments()).isTrue();
        assertThat(entrypoint.list()).isNotEmpty();
        String script = read(entrypointScript());
        assertThat(script).startsWith("#!/bin/sh").containsPattern("(?m)^exec java ");
        assertThat(script).contains("-Dorg.bytedeco.javacpp.maxbytes=", "-Dorg.bytedeco.javacpp.maxphysicalbytes=", "-XX:MaxRAMPercentage=");
    }

    @Test
    void memoryDefaultsStayWithinTheContainerLimit() {
        Map<String, String> env = runtime().env();
        double heap = Double.parseDouble(env.get("JAVA_MAX_RAM_PERCENTAGE"));
        // JavaCPP reads a percentage as a share of the maximum heap
        double javacpp = heap * percent(env.get("DESCENT_OFFHEAP_MAX")) / 100;
        double cap = heap * percent(env.get("DESCENT_PHYSICAL_MAX")) / 100;
        // the cap on resident memory holds everything, heap included, and leaves a margin for the allocation that
        // crosses it (it is checked before each new ND4J array, not counted against it)
        assertThat(cap).as("the resident-memory cap, percent of the container limit").isLessThanOrEqualTo(85).isGreaterThan(heap);
        assertThat(heap + javacpp).as("heap + JavaCPP allocations, percent of the container limit").isLessThanOrEqualTo(cap);
    }

    @Test
    void everythingCopiedFromTheContextIsInTheRepositoryAndNotIgnored() {
        List<String> sources = stages.stream().flatMap(stage -> stage.instructions().stream())
                .filter(i -> (i.is("COPY") || i.is("ADD")) && i.flag("from").isEmpty())
                .flatMap(i -> i.sources().stream()).toList();
        assertThat(sources).contains("mvnw", "pom.xml", entrypointScript());
        for (String source : sources) {
            assertThat(source).as("COPY source %s", source).doesNotContain("*", "?", "..").doesNotStartWith("/");
            Path path = ROOT.resolve(clean(source));
            assertThat(path).as("COPY source %s", source).exists();
            for (String file : filesUnder(path)) {
                assertThat(ignore.excludes(file)).as("%s, COPYed by the Dockerfile, is excluded by .dockerignore", file).isFalse();
            }
        }
    }

    @Test
    void dockerIgnoreKeepsBuildOutputDataAndGitOut() {
        assertThat(Stream.of("target/descent.jar", "data/datasets/x.csv", ".git/HEAD", "bench/out/result.txt", "descent.iml",
                ".idea/workspace.xml")).allSatisfy(file -> assertThat(ignore.excludes(file)).as(file).isTrue());
        assertThat(Stream.of("pom.xml", "src/main/java/dev/descent/DescentApplication.java", "bench/run"))
                .allSatisfy(file -> assertThat(ignore.excludes(file)).as(file).isFalse());
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeMountsANamedVolumeAtDataAndAgreesWithTheImage() {
        Map<String, Object> compose = new Yaml().load(read("compose.yaml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKey("descent");
        Map<String, Object> service = (Map<String, Object>) services.get("descent");
        Object build = service.get("build");
        assertThat(build instanceof Map<?, ?> map ? map.get("context") : build).as("build context").isEqualTo(".");

        Map<String, Object> declared = Optional.ofNullable((Map<String, Object>) compose.get("volumes")).orElse(Map.of());
        List<Map.Entry<String, String>> mounts = ((List<Object>) service.getOrDefault("volumes", List.of())).stream()
                .map(DockerfileTests::mount).toList();
        assertThat(mounts).as("volumes of service descent").anySatisfy(mount -> {
            assertThat(clean(mount.getValue())).isEqualTo("/data");
            assertThat(declared).as("top-level volumes").containsKey(mount.getKey());
        });

        assertThat(((List<Object>) service.get("ports")).stream().map(String::valueOf)).anyMatch(port -> port.endsWith("8080"));

        Object test = ((Map<String, Object>) service.get("healthcheck")).get("test");
        String command = test instanceof List<?> list ? list.stream().map(String::valueOf).collect(Collectors.joining(" ")) : String.valueOf(test);
        assertThat(command).contains(READINESS);
        assertThat(runtime().last("HEALTHCHECK").orElseThrow().arguments()).contains(READINESS);

        // at least descent.training.shutdown-grace (30 s), or Docker kills the JVM before jobs are stopped and saved
        assertThat(goDuration(String.valueOf(service.get("stop_grace_period")))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Stage build() {
        return stages.get(0);
    }

    private Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    /** The context file that the final stage copies to the path its ENTRYPOINT runs. */
    private String entrypointScript() {
        String target = runtime().last("ENTRYPOINT").orElseThrow().list().get(0);
        return runtime().instructions().stream()
                .filter(i -> i.is("COPY") && i.flag("from").isEmpty() && clean(i.destination()).equals(clean(target)))
                .map(i -> i.sources().get(0)).findFirst()
                .orElseThrow(() -> new AssertionError("the ENTRYPOINT " + target + " is not COPYed from the build context"));
    }

    private static int indexOf(List<Instruction> instructions, Predicate<Instruction> test) {
        for (int i = 0; i < instructions.size(); i++) {
            if (test.test(instructions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static double percent(String value) {
        assertThat(value).as("a percentage of the heap").endsWith("%");
        return Double.parseDouble(value.substring(0, value.length() - 1));
    }

    /** Source and target of a compose volume, short ({@code name:/path[:ro]}) or long form. */
    @SuppressWarnings("unchecked")
    private static Map.Entry<String, String> mount(Object volume) {
        if (volume instanceof Map<?, ?> map) {
            Map<String, Object> longForm = (Map<String, Object>) map;
            return Map.entry(String.valueOf(longForm.get("source")), String.valueOf(longForm.get("target")));
        }
        String[] parts = String.valueOf(volume).split(":");
        return parts.length >= 2 ? Map.entry(parts[0], parts[1]) : Map.entry("", parts[0]);
    }

    /** A compose duration such as {@code 75s} or {@code 1m30s}. */
    private static Duration goDuration(String text) {
        Matcher part = Pattern.compile("(\\d+)(ms|us|h|m|s)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "ms" -> Duration.ofMillis(amount);
                default -> Duration.ofNanos(amount * 1000);
            });
            end = part.end();
        }
        assertThat(end).as("duration %s", text).isEqualTo(text.length()).isPositive();
        return total;
    }

    /** A path as Docker compares it: no leading "./", no trailing "/". */
    private static String clean(String path) {
        String cleaned = path.startsWith("./") ? path.substring(2) : path;
        while (cleaned.length() > 1 && cleaned.endsWith("/")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned;
    }

    /** The file, or every file below the directory, relative to the repository root with "/" separators. */
    private static List<String> filesUnder(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(ROOT.relativize(path).toString().replace('\\', '/'));
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).map(f -> ROOT.relativize(f).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- a Dockerfile, as far as these checks need it -----------------------------------------------------------

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.is(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** The stage's ENV values, later ones winning; both {@code ENV k=v ...} and the legacy {@code ENV k v}. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                String text = instruction.arguments();
                String[] legacy = text.split("\\s+", 2);
                if (!legacy[0].contains("=")) {
                    env.put(legacy[0], legacy.length > 1 ? unquote(legacy[1]) : "");
                    continue;
                }
                Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)").matcher(text);
                while (pair.find()) {
                    env.put(pair.group(1), unquote(pair.group(2)));
                }
            }
            return env;
        }
    }

    /**
     * One instruction: its keyword, the {@code --name=value} flags before its arguments, and the arguments, with
     * continuation lines joined.
     */
    record Instruction(int line, String keyword, Map<String, String> flags, String arguments) {

        boolean is(String name) {
            return keyword.equals(name);
        }

        Optional<String> flag(String name) {
            return Optional.ofNullable(flags.get(name));
        }

        boolean isExecForm() {
            return arguments.startsWith("[");
        }

        /** The arguments as a list: a JSON array in exec form, otherwise words. */
        List<String> list() {
            if (!isExecForm()) {
                return words(arguments);
            }
            assertThat(arguments).as("line %d: a JSON array", line).endsWith("]");
            List<String> items = new ArrayList<>();
            Matcher item = Pattern.compile("\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)").matcher(arguments.substring(1, arguments.length() - 1));
            int end = 0;
            while (item.find() && item.start() == end) {
                items.add(item.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                end = item.end();
            }
            assertThat(end).as("line %d: %s is a JSON array of strings", line, arguments).isEqualTo(arguments.length() - 2);
            return items;
        }

        /** COPY and ADD: every argument but the last. */
        List<String> sources() {
            List<String> all = list();
            return all.subList(0, Math.max(0, all.size() - 1));
        }

        String destination() {
            List<String> all = list();
            return all.get(all.size() - 1);
        }
    }

    static final class Dockerfile {

        private static final Pattern FLAG = Pattern.compile("--([a-z-]+)(?:=(\\S*))?\\s*");
        private static final List<String> WITH_FLAGS = List.of("FROM", "COPY", "ADD", "RUN", "HEALTHCHECK");

        static List<Stage> parse(String text) {
            List<Stage> stages = new ArrayList<>();
            for (Instruction instruction : instructions(text)) {
                if (instruction.is("FROM")) {
                    List<String> words = words(instruction.arguments());
                    String name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : "";
                    stages.add(new Stage(words.get(0), name, new ArrayList<>()));
                } else if (stages.isEmpty()) {
                    assertThat(instruction.keyword()).as("line %d: only ARG may come before the first FROM", instruction.line()).isEqualTo("ARG");
                } else {
                    stages.get(stages.size() - 1).instructions().add(instruction);
                }
            }
            return stages;
        }

        /** Comment lines dropped (inside continuations too), lines ending in a backslash joined to the next. */
        static List<Instruction> instructions(String text) {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder logical = new StringBuilder();
            int start = 0;
            String[] lines = text.split("\\R", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n];
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                    continue;
                }
                if (logical.length() == 0) {
                    start = n + 1;
                }
                if (trimmed.endsWith("\\")) {
                    logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                logical.append(trimmed);
                instructions.add(instruction(start, logical.toString().strip()));
                logical.setLength(0);
            }
            assertThat(logical.toString()).as("the Dockerfile ends inside a continuation").isBlank();
            return instructions;
        }

        private static Instruction instruction(int line, String text) {
            String[] split = text.split("\\s+", 2);
            String keyword = split[0].toUpperCase(Locale.ROOT);
            String rest = split.length > 1 ? split[1] : "";
            Map<String, String> flags = new LinkedHashMap<>();
            if (WITH_FLAGS.contains(keyword)) {
                Matcher flag = FLAG.matcher(rest);
                int end = 0;
                while (flag.find(end) && flag.start() == end) {
                    flags.put(flag.group(1), flag.group(2) == null ? "" : unquote(flag.group(2)));
                    end = flag.end();
                }
                rest = rest.substring(end);
            }
            assertThat(rest).as("line %d: %s has arguments", line, keyword).isNotBlank();
            return new Instruction(line, keyword, Map.copyOf(flags), rest.strip());
        }
    }

    // ---- .dockerignore, with Docker's rules: last match wins, "!" re-includes, a match on a directory covers its files

    record DockerIgnore(List<Rule> rules) {

        record Rule(Pattern pattern, boolean exclusion) {
        }

        static DockerIgnore parse(String text) {
            List<Rule> rules = new ArrayList<>();
            for (String raw : text.split("\\R")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean exception = line.startsWith("!");
                String pattern = clean(exception ? line.substring(1).strip() : line);
                while (pattern.startsWith("/")) {
                    pattern = pattern.substring(1);
                }
                rules.add(new Rule(Pattern.compile(regex(pattern)), !exception));
            }
            return new DockerIgnore(List.copyOf(rules));
        }

        boolean excludes(String file) {
            boolean excluded = false;
            for (Rule rule : rules) {
                if (matchesOrParentMatches(rule.pattern(), file)) {
                    excluded = rule.exclusion();
                }
            }
            return excluded;
        }

        private static boolean matchesOrParentMatches(Pattern pattern, String file) {
            String[] parts = file.split("/");
            for (int i = parts.length; i >= 1; i--) {
                if (pattern.matcher(String.join("/", List.of(parts).subList(0, i))).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** Go's filepath.Match syntax plus "**" for any number of directories, as Docker reads it. */
        private static String regex(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (glob.startsWith("**/", i)) {
                    regex.append("(?:.*/)?");
                    i += 2;
                } else if (glob.startsWith("**", i)) {
                    regex.append(".*");
                    i += 1;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else if (c == '[') {
                    int close = glob.indexOf(']', i + 1);
                    String set = glob.substring(i + 1, close);
                    regex.append('[').append(set.startsWith("^") ? "^" + set.substring(1) : set).append(']');
                    i = close;
                } else if (c == '\\' && i + 1 < glob.length()) {
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }

    /** Whitespace-separated words; quoted words keep their spaces. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+)").matcher(text);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
        }
        return words;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}

package dev.atelier.extensions.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.extensions.CommandContribution;
import dev.atelier.extensions.ExtensionApi;
import dev.atelier.extensions.StackContribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading extension jars, each built here from source: what is accepted, and every way a jar is
 * refused while the others (and the built-ins) still load.
 */
class ExtensionsTests {

  @TempDir Path work;

  private Path dir() {
    return work.resolve("extensions");
  }

  private static String extension(String pkg, String body) {
    return "package "
        + pkg
        + ";\n"
        + "import dev.atelier.extensions.*;\n"
        + "import java.util.*;\n"
        + "public final class Ext implements AtelierExtension {\n"
        + body
        + "\n}\n";
  }

  private static String manifest(String id, String api, String className) {
    return "id=" + id + "\nversion=1.0.0\napi-version=" + api + "\nclass=" + className + "\n";
  }

  private Path jar(String name, JarBuilder builder) throws IOException {
    return builder.build(work.resolve("build-" + name), dir().resolve(name + ".jar"));
  }

  private static final String GOOD_BODY =
      "  public void contribute(Contributions c) {\n"
          + "    c.command(new CommandContribution(\"good.hello\", \"Good: Hello\", \"Ctrl+Alt+G\","
          + " true, ctx -> ctx.showMessage(\"hi\")));\n"
          + "    c.stack(new StackContribution(\"good-stack\", \"good-stack.json\", \"{}\"));\n"
          + "  }";

  private void goodJar(String name, String id) throws IOException {
    jar(
        name,
        new JarBuilder()
            .source(
                "good." + name.replace('-', '_') + ".Ext",
                extension("good." + name.replace('-', '_'), GOOD_BODY))
            .manifest(
                manifest(id, ExtensionApi.VERSION, "good." + name.replace('-', '_') + ".Ext")));
  }

  @Test
  void aGoodJarIsLoadedInItsOwnClassLoader() throws IOException {
    goodJar("a-good", "acme.good");

    try (Extensions extensions = Extensions.load(List.of(), dir(), ContributionValidator.NONE)) {
      assertThat(extensions.refused()).isEmpty();
      assertThat(extensions.loaded())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.id()).isEqualTo("acme.good");
                assertThat(l.version()).isEqualTo("1.0.0");
                assertThat(l.source()).endsWith("a-good.jar");
                assertThat(l.contributions())
                    .containsExactly("command good.hello", "stack good-stack");
              });
      CommandContribution command = extensions.contributions().commands().get(0);
      assertThat(command.handler().getClass().getClassLoader())
          .isNotSameAs(getClass().getClassLoader())
          .satisfies(loader -> assertThat(loader.getName()).isEqualTo("extension acme.good"));
      assertThat(extensions.contributions().stacks())
          .extracting(StackContribution::id)
          .containsExactly("good-stack");
    }
  }

  @Test
  void badJarsAreRefusedWithTheReasonAndTheRestLoads() throws IOException {
    goodJar("m-good", "acme.good");
    jar("b-no-manifest", new JarBuilder().resource("readme.txt", "nothing here"));
    jar(
        "c-bad-manifest",
        new JarBuilder().manifest("id=Not An Id!\nversion=1\napi-version=1.0\nclass=x.Ext\n"));
    jar(
        "d-missing-class-key",
        new JarBuilder().manifest("id=acme.d\nversion=1\napi-version=1.0\n"));
    jar(
        "e-wrong-api",
        new JarBuilder()
            .source("e.Ext", extension("e", GOOD_BODY.replace("good.", "e.")))
            .manifest(manifest("acme.e", (ExtensionApi.MAJOR + 1) + ".0", "e.Ext")));
    jar(
        "f-newer-minor",
        new JarBuilder()
            .source("f.Ext", extension("f", GOOD_BODY.replace("good.", "f.")))
            .manifest(
                manifest("acme.f", ExtensionApi.MAJOR + "." + (ExtensionApi.MINOR + 1), "f.Ext")));
    jar(
        "g-throws-in-constructor",
        new JarBuilder()
            .source(
                "g.Ext",
                extension(
                    "g",
                    "  public Ext() { throw new IllegalStateException(\"no licence key\"); }\n"
                        + "  public void contribute(Contributions c) {}"))
            .manifest(manifest("acme.g", ExtensionApi.VERSION, "g.Ext")));
    jar(
        "h-not-an-extension",
        new JarBuilder()
            .source("h.Ext", "package h; public class Ext {}")
            .manifest(manifest("acme.h", ExtensionApi.VERSION, "h.Ext")));
    jar(
        "i-class-not-in-jar",
        new JarBuilder().manifest(manifest("acme.i", ExtensionApi.VERSION, "i.Missing")));
    jar(
        "j-contribute-throws",
        new JarBuilder()
            .source(
                "j.Ext",
                extension(
                    "j",
                    "  public void contribute(Contributions c) {\n"
                        + "    c.command(new CommandContribution(\"j.cmd\", \"J\", null, true, x -> {}));\n"
                        + "    throw new UnsupportedOperationException(\"half done\");\n"
                        + "  }"))
            .manifest(manifest("acme.j", ExtensionApi.VERSION, "j.Ext")));
    jar(
        "k-invalid-contribution",
        new JarBuilder()
            .source(
                "k.Ext",
                extension(
                    "k",
                    "  public void contribute(Contributions c) {\n"
                        + "    c.command(new CommandContribution(\"K BAD\", \"K\", null, true, x -> {}));\n"
                        + "  }"))
            .manifest(manifest("acme.k", ExtensionApi.VERSION, "k.Ext")));
    Files.writeString(dir().resolve("l-not-a-zip.jar"), "this is not a zip file");
    jar(
        "z-same-id",
        new JarBuilder()
            .source(
                "z.Ext", extension("z", GOOD_BODY.replace("good.", "z.").replace("good-", "z-")))
            .manifest(manifest("acme.good", ExtensionApi.VERSION, "z.Ext")));
    jar(
        "y-same-command",
        new JarBuilder()
            .source("y.Ext", extension("y", GOOD_BODY.replace("good-stack", "y-stack")))
            .manifest(manifest("acme.y", ExtensionApi.VERSION, "y.Ext")));

    try (Extensions extensions = Extensions.load(List.of(), dir(), ContributionValidator.NONE)) {
      assertThat(extensions.loaded())
          .extracting(Extensions.Loaded::id)
          .containsExactly("acme.good");
      assertThat(extensions.contributions().commands()).hasSize(1);
      assertThat(extensions.refused())
          .extracting(r -> Path.of(r.source()).getFileName().toString(), Extensions.Refused::reason)
          .satisfiesExactly(
              r ->
                  assertThat(r.toList())
                      .containsExactly(
                          "b-no-manifest.jar",
                          "it has no META-INF/atelier-extension.properties (id, version, api-version, class)"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .startsWith("manifest key 'id' is malformed: \"Not An Id!\""),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .startsWith("manifest key 'class' is missing"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .startsWith(
                          "it needs extension API "
                              + (ExtensionApi.MAJOR + 1)
                              + ".0 but this server offers "
                              + ExtensionApi.VERSION),
              r -> assertThat(r.toList().get(1).toString()).startsWith("it needs extension API"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .isEqualTo(
                          "its constructor threw java.lang.IllegalStateException: no licence key"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .isEqualTo(
                          "its class h.Ext does not implement dev.atelier.extensions.AtelierExtension"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .isEqualTo("its class i.Missing is not in the jar"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .isEqualTo(
                          "its contribute() threw java.lang.UnsupportedOperationException: half done"),
              r -> assertThat(r.toList().get(1).toString()).contains("command id must be"),
              r -> assertThat(r.toList().get(1).toString()).startsWith("it is not a readable jar"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .isEqualTo(
                          "the command good.hello is already contributed by another extension"),
              r ->
                  assertThat(r.toList().get(1).toString())
                      .startsWith("the id acme.good is already taken by ")
                      .endsWith("m-good.jar"));
    }
  }

  @Test
  void builtinsComeFirstAndAJarCannotTakeTheirIdsOrContributions() throws IOException {
    goodJar("a-good", "atelier.core");
    BuiltinExtension core =
        new BuiltinExtension(
            "atelier.core",
            c -> c.command(new CommandContribution("core.x", "Core: X", null, true, x -> {})));

    try (Extensions extensions =
        Extensions.load(List.of(core), dir(), ContributionValidator.NONE)) {
      assertThat(extensions.loaded())
          .extracting(Extensions.Loaded::source)
          .containsExactly("built-in");
      assertThat(extensions.refused())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.reason())
                      .isEqualTo("the id atelier.core is already taken by built-in"));
    }
  }

  @Test
  void theHostsValidatorCanRefuseAnExtension() throws IOException {
    goodJar("a-good", "acme.good");
    ContributionValidator noStacks =
        set -> {
          if (!set.stacks().isEmpty()) {
            throw new IllegalArgumentException("its stack good-stack is invalid: no image");
          }
        };

    try (Extensions extensions = Extensions.load(List.of(), dir(), noStacks)) {
      assertThat(extensions.loaded()).isEmpty();
      assertThat(extensions.contributions().commands()).isEmpty();
      assertThat(extensions.refused())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.id()).isEqualTo("acme.good");
                assertThat(r.reason()).isEqualTo("its stack good-stack is invalid: no image");
              });
    }
  }

  @Test
  void aLanguageWithAFilePatternThatDoesNotCompileIsRefused() {
    BuiltinExtension bad =
        new BuiltinExtension(
            "acme.bad-glob",
            c ->
                c.language(
                    dev.atelier.extensions.LanguageContribution.of(
                        "cobol", "COBOL", null, "**/*.{cob,cbl")));

    try (Extensions extensions = Extensions.load(List.of(bad), null, ContributionValidator.NONE)) {
      assertThat(extensions.contributions().languages()).isEmpty();
      assertThat(extensions.refused())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.reason())
                      .startsWith("its contribute() threw java.util.regex.PatternSyntaxException"));
    }
  }

  @Test
  void aMissingFolderMeansNoJars() {
    try (Extensions extensions =
        Extensions.load(List.of(), work.resolve("nothing-here"), ContributionValidator.NONE)) {
      assertThat(extensions.loaded()).isEmpty();
      assertThat(extensions.refused()).isEmpty();
    }
  }
}

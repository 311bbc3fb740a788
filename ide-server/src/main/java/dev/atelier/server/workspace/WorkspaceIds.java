package dev.atelier.server.workspace;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Workspace ids such as {@code amber-otter-k3x9}: readable in URLs and logs, valid as file names
 * and as Kubernetes names (DNS labels: {@code [a-z0-9-]}, at most 63 characters), and with about
 * 2^31 possibilities so that guessing another user's id is impractical (access is checked anyway).
 */
final class WorkspaceIds {

  static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private static final List<String> ADJECTIVES =
      List.of(
          "amber", "azure", "bold", "brave", "bright", "calm", "clever", "coral", "cosmic", "crisp",
          "dapper", "eager", "early", "fancy", "fleet", "gentle", "glad", "golden", "grand",
          "happy", "hazel", "humble", "ivory", "jade", "jolly", "keen", "kind", "lively", "lucky",
          "lunar", "maple", "mellow", "merry", "mighty", "misty", "noble", "olive", "polar",
          "proud", "quick", "quiet", "rapid", "rosy", "ruby", "rustic", "sandy", "sharp", "silver",
          "sleek", "snowy", "solar", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise",
          "witty", "zesty");

  private static final List<String> NOUNS =
      List.of(
          "badger", "beaver", "bison", "canary", "cheetah", "condor", "cougar", "coyote", "crane",
          "dolphin", "eagle", "falcon", "ferret", "finch", "fox", "gazelle", "gecko", "heron",
          "ibex", "jaguar", "koala", "lemur", "leopard", "lynx", "magpie", "marmot", "marten",
          "moose", "newt", "ocelot", "orca", "osprey", "otter", "owl", "panda", "parrot", "pelican",
          "penguin", "puffin", "quail", "rabbit", "raven", "robin", "salmon", "seal", "shrike",
          "sparrow", "stork", "swan", "tapir", "tiger", "toucan", "trout", "turtle", "walrus",
          "weasel", "whale", "wolf", "wren", "yak");

  private static final String SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private final SecureRandom random = new SecureRandom();

  String next() {
    StringBuilder id =
        new StringBuilder(24)
            .append(ADJECTIVES.get(random.nextInt(ADJECTIVES.size())))
            .append('-')
            .append(NOUNS.get(random.nextInt(NOUNS.size())))
            .append('-');
    for (int i = 0; i < 4; i++) {
      id.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return id.toString();
  }

  static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}

package dev.atelier.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts, tokens and the admin bootstrap against a real database; run on H2 and PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractAccountPersistenceTests {

  private final PasswordEncoder encoder =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private JdbcClient jdbc;
  private AccountService accounts;
  private ApiTokenService tokens;

  /** A freshly migrated, empty database. */
  abstract DataSource dataSource();

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(dataSource());
    AccountRepository repository = new AccountRepository(jdbc);
    accounts =
        new AccountService(
            repository,
            encoder,
            org.springframework.security.core.context.SecurityContextHolder
                .getContextHolderStrategy());
    tokens = new ApiTokenService(new ApiTokenRepository(jdbc), repository);
  }

  @Test
  void passwordsAreStoredAsBcryptHashes() {
    UserAccount ada = accounts.createUser("ada", "correct horse", "Ada", false);
    String hash = accounts.passwordHash(ada.id()).orElseThrow();
    assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("correct horse");
    assertThat(encoder.matches("correct horse", hash)).isTrue();
    assertThat(accounts.findByUsername("ada")).contains(ada);
    assertThat(accounts.findById(ada.id())).contains(ada);
    assertThat(accounts.listUsers()).containsExactly(ada);
  }

  @Test
  void duplicateAndInvalidUsersAreRefused() {
    accounts.createUser("ada", "correct horse", null, false);
    assertThatThrownBy(() -> accounts.createUser("ada", "another pass", null, false))
        .isInstanceOf(AtelierException.class)
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThatThrownBy(() -> accounts.createUser("Ada Lovelace", "correct horse", null, false))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.INVALID_USERNAME);
    assertThatThrownBy(() -> accounts.createUser("bob", "short", null, false))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.WEAK_PASSWORD);
    assertThatThrownBy(() -> accounts.createUser("bob", "x".repeat(73), null, false))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.WEAK_PASSWORD);
  }

  @Test
  void changePasswordNeedsTheCurrentOne() {
    UserAccount ada = accounts.createUser("ada", "correct horse", null, false);
    assertThatThrownBy(() -> accounts.changePassword(ada.id(), "wrong", "new password"))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    accounts.changePassword(ada.id(), "correct horse", "battery staple");
    assertThat(encoder.matches("battery staple", accounts.passwordHash(ada.id()).orElseThrow()))
        .isTrue();
  }

  @Test
  void tokensAreStoredOnlyAsSha256AndAuthenticateTheirOwner() {
    UserAccount ada = accounts.createUser("ada", "correct horse", null, false);
    CreatedToken created = tokens.create(ada.id(), "laptop");
    assertThat(created.secret()).matches("atl_[A-Za-z0-9_-]{43}");
    List<String> stored = jdbc.sql("select secret_hash from api_tokens").query(String.class).list();
    assertThat(stored).containsExactly(ApiTokenService.hash(created.secret()));
    String everything =
        jdbc.sql("select id || name || secret_hash from api_tokens").query(String.class).single();
    assertThat(everything).doesNotContain(created.secret().substring(4));

    assertThat(created.token().lastUsedAt()).isNull();
    assertThat(tokens.authenticate(created.secret())).contains(ada);
    assertThat(tokens.list(ada.id()))
        .singleElement()
        .satisfies(t -> assertThat(t.lastUsedAt()).isNotNull())
        .satisfies(t -> assertThat(t.name()).isEqualTo("laptop"));
    assertThat(tokens.authenticate(created.secret() + "x")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
  }

  @Test
  void revokedTokenNoLongerAuthenticatesAndOthersCannotRevokeIt() {
    UserAccount ada = accounts.createUser("ada", "correct horse", null, false);
    UserAccount bob = accounts.createUser("bob", "correct horse", null, false);
    CreatedToken token = tokens.create(ada.id(), "ci");
    assertThatThrownBy(() -> tokens.revoke(bob.id(), token.token().id()))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.TOKEN_NOT_FOUND);
    assertThat(tokens.authenticate(token.secret())).isPresent();
    tokens.revoke(ada.id(), token.token().id());
    assertThat(tokens.authenticate(token.secret())).isEmpty();
    assertThat(tokens.list(ada.id())).isEmpty();
  }

  @Test
  void tokenNeedsAName() {
    UserAccount ada = accounts.createUser("ada", "correct horse", null, false);
    assertThatThrownBy(() -> tokens.create(ada.id(), "  "))
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void firstStartCreatesAdminWithGeneratedPasswordPrintedOnce(CapturedOutput output) {
    new AdminBootstrap(accounts, tokens, new AdminProperties(null, null, null))
        .afterSingletonsInstantiated();
    Matcher m = Pattern.compile("generated password:\\s+(\\S+)").matcher(output.getOut());
    assertThat(m.find()).as("generated password in the log").isTrue();
    UserAccount admin = accounts.findByUsername("admin").orElseThrow();
    assertThat(admin.admin()).isTrue();
    assertThat(encoder.matches(m.group(1), accounts.passwordHash(admin.id()).orElseThrow()))
        .isTrue();

    int logLength = output.getOut().length();
    new AdminBootstrap(accounts, tokens, new AdminProperties(null, null, null))
        .afterSingletonsInstantiated();
    assertThat(output.getOut().substring(logLength)).doesNotContain("generated password");
    assertThat(accounts.listUsers()).hasSize(1);
  }

  @Test
  void firstStartUsesConfiguredPasswordAndProvisionsTheAdminToken() {
    String token = "atl_bootstrap-token-for-automation-0001";
    new AdminBootstrap(accounts, tokens, new AdminProperties("root", "s3cret-pass", token))
        .afterSingletonsInstantiated();
    UserAccount admin = accounts.findByUsername("root").orElseThrow();
    assertThat(encoder.matches("s3cret-pass", accounts.passwordHash(admin.id()).orElseThrow()))
        .isTrue();
    assertThat(tokens.authenticate(token)).contains(admin);
  }

  @Test
  void tooShortAdminTokenStopsTheStartWithoutPrintingIt() {
    AdminBootstrap bootstrap =
        new AdminBootstrap(accounts, tokens, new AdminProperties(null, "s3cret-pass", "short1"));
    assertThatThrownBy(bootstrap::afterSingletonsInstantiated)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ATELIER_ADMIN_TOKEN")
        .hasMessageNotContaining("short1");
  }
}

package dev.atelier.server.account;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens. A secret is {@code atl_} plus 256 random bits (URL-safe Base64); only its
 * SHA-256 is stored, which is enough because the secret has full entropy (a slow password hash
 * would only slow every API request down). Last use is recorded at most once a minute per token, so
 * that busy clients do not turn every request into a database write.
 */
@Service
public class ApiTokenService {

  /** Prefix of every secret; makes leaked tokens easy to recognise in logs and secret scanners. */
  public static final String PREFIX = "atl_";

  static final int MAX_TOKENS_PER_USER = 50;
  static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;
  private final AccountRepository accounts;
  private final SecureRandom random = new SecureRandom();

  ApiTokenService(ApiTokenRepository tokens, AccountRepository accounts) {
    this.tokens = tokens;
    this.accounts = accounts;
  }

  /**
   * Creates a token for a user; the returned secret is not stored and cannot be shown again.
   *
   * @throws AtelierException {@code VALIDATION_FAILED} for a blank or long name or too many tokens,
   *     {@code USER_NOT_FOUND} for an unknown user
   */
  public CreatedToken create(String userId, String name) {
    String tokenName = name == null ? "" : name.strip();
    if (tokenName.isEmpty() || tokenName.length() > 100) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "Give the token a name of 1-100 characters, e.g. the machine or script that uses it.");
    }
    if (accounts.findById(userId).isEmpty()) {
      throw new AtelierException(ErrorCode.USER_NOT_FOUND, "No user with id " + userId + ".");
    }
    if (tokens.countByUser(userId) >= MAX_TOKENS_PER_USER) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "You have " + MAX_TOKENS_PER_USER + " tokens already: revoke unused ones first.");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new CreatedToken(insert(userId, tokenName, secret), secret);
  }

  /** The user's tokens, oldest first, without secrets. */
  public List<ApiToken> list(String userId) {
    return tokens.findByUser(userId);
  }

  /**
   * Revokes one of the user's tokens; requests using it fail from now on.
   *
   * @throws AtelierException {@code TOKEN_NOT_FOUND} when the user has no such token
   */
  public void revoke(String userId, String tokenId) {
    if (!tokens.delete(userId, tokenId)) {
      throw new AtelierException(
          ErrorCode.TOKEN_NOT_FOUND, "You have no API token with id " + tokenId + ".");
    }
  }

  /** The account a secret belongs to, recording the use; empty for unknown or revoked secrets. */
  public Optional<UserAccount> authenticate(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    Optional<ApiToken> token = tokens.findBySecretHash(hash(secret));
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    Instant last = token.get().lastUsedAt();
    if (last == null || last.plus(LAST_USED_RESOLUTION).isBefore(now)) {
      tokens.touch(token.get().id(), now.truncatedTo(ChronoUnit.MILLIS));
    }
    return accounts.findById(token.get().userId());
  }

  /** Whether a token with this secret exists (for the admin bootstrap). */
  boolean exists(String secret) {
    return tokens.findBySecretHash(hash(secret)).isPresent();
  }

  /** Stores a token whose secret was chosen by the operator ({@code ATELIER_ADMIN_TOKEN}). */
  ApiToken provision(String userId, String name, String secret) {
    return insert(userId, name, secret);
  }

  private ApiToken insert(String userId, String name, String secret) {
    ApiToken token =
        new ApiToken(
            UUID.randomUUID().toString(),
            userId,
            name,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            null);
    tokens.insert(token, hash(secret));
    return token;
  }

  /** Hex SHA-256 of a secret: what is stored and looked up. */
  static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

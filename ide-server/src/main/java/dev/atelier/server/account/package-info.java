/**
 * Local accounts and personal API tokens: {@link dev.atelier.server.account.AccountService} (users,
 * the current user), {@link dev.atelier.server.account.ApiTokenService} (tokens hashed at rest),
 * the first-start admin bootstrap and the {@code /api/users}, {@code /api/me} and {@code
 * /api/tokens} endpoints.
 */
package dev.atelier.server.account;

package dev.atelier.server.account;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class AccountPersistencePostgresIntegrationTests extends AbstractAccountPersistenceTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.postgres();
  }
}

package dev.atelier.server.account;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class AccountPersistenceH2IntegrationTests extends AbstractAccountPersistenceTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.h2();
  }
}

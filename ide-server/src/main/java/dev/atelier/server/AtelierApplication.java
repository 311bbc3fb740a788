package dev.atelier.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Atelier server: one JVM on its embedded default (H2, local sandbox, in-process bus). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AtelierApplication {

  public static void main(String[] args) {
    SpringApplication.run(AtelierApplication.class, args);
  }
}

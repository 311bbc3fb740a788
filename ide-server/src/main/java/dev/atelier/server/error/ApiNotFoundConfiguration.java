package dev.atelier.server.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Unknown {@code /api/**} paths answer 404 problem+json. Without this they would fall through to
 * Vaadin's catch-all mapping and get an HTML page. Ordered just before Vaadin's root mapping
 * ({@code LOWEST_PRECEDENCE - 1}), so every controller and WebSocket endpoint still comes first.
 */
@Configuration(proxyBeanMethods = false)
class ApiNotFoundConfiguration {

  @Bean
  SimpleUrlHandlerMapping apiNotFoundHandlerMapping(ObjectMapper mapper) {
    HttpRequestHandler notFound =
        (request, response) ->
            Problems.write(
                response,
                mapper,
                ErrorCode.NOT_FOUND,
                "There is no API endpoint "
                    + request.getMethod()
                    + " "
                    + request.getRequestURI()
                    + "; see docs/api.md.");
    SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/api/**", notFound));
    mapping.setOrder(Ordered.LOWEST_PRECEDENCE - 2);
    return mapping;
  }
}

package dev.kairos.spring;

import java.util.Set;
import org.springframework.session.FindByIndexNameSessionRepository;

/** Other sessions through Spring Session's index by principal name; a class of its own so the type is optional. */
final class SpringSessions {

    private SpringSessions() {
    }

    static OtherSessions of(FindByIndexNameSessionRepository<?> repository) {
        return (request, user) -> {
            Set<String> current = SessionEnding.currentIds(request);
            int ended = 0;
            for (String id : repository.findByPrincipalName(user.getName()).keySet()) {
                if (!current.contains(id)) {
                    repository.deleteById(id);
                    ended++;
                }
            }
            return ended;
        };
    }
}

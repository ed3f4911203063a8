package dev.kairos.spring;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RememberedBrowsers} in memory: one server, lost at restart. Thread-safe. */
final class InMemoryRememberedBrowsers implements RememberedBrowsers {

    private final Map<String, RememberedBrowser> byId = new ConcurrentHashMap<>();

    @Override
    public void add(RememberedBrowser browser) {
        byId.values().removeIf(b -> b.accountId().equals(browser.accountId()) && !b.validAt(browser.createdAt()));
        byId.put(browser.id(), browser);
    }

    @Override
    public Optional<RememberedBrowser> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<RememberedBrowser> list(String accountId) {
        return byId.values().stream().filter(b -> b.accountId().equals(accountId))
                .sorted(Comparator.comparing(RememberedBrowser::createdAt).reversed()).toList();
    }

    @Override
    public int forgetAll(String accountId) {
        return remove(accountId, Optional.empty());
    }

    @Override
    public int forgetAllExcept(String accountId, String keptId) {
        return remove(accountId, Optional.of(keptId));
    }

    private int remove(String accountId, Optional<String> kept) {
        int removed = 0;
        for (RememberedBrowser b : byId.values()) {
            if (b.accountId().equals(accountId) && !kept.equals(Optional.of(b.id())) && byId.remove(b.id(), b)) {
                removed++;
            }
        }
        return removed;
    }
}

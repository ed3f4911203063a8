package dev.kairos.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A schema script split into statements, with the default table names replaced by the configured ones. */
final class SchemaScript {
    private static final Pattern TABLE_NAMES =
            Pattern.compile("\\bkairos_(enrollment|schema_version|replay_guard(?:_by_expiry)?)\\b");

    private SchemaScript() {
    }

    /**
     * Splits a script into statements: {@code --} comments removed, statements end with {@code ;}. The scripts
     * have no {@code --} or {@code ;} inside string literals.
     */
    static List<String> statements(String script, String tablePrefix) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            int comment = line.indexOf("--");
            sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        Matcher m = TABLE_NAMES.matcher(sql);
        String renamed = m.replaceAll(Matcher.quoteReplacement(tablePrefix) + "kairos_$1");
        List<String> statements = new ArrayList<>();
        for (String s : renamed.split(";", -1)) { // -1: keep every piece; blank ones are dropped below
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }
}

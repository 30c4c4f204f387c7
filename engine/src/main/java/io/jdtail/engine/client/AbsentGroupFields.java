package io.jdtail.engine.client;

import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Group-by fields that no line had: almost always a misspelt name ({@code $status} where the
 * lines have {@code status}, as DTail's users often write), which silently puts every row into one
 * group with an empty key. The warning names the likely meant field: the same name with or without
 * the {@code $} of a variable.
 */
public final class AbsentGroupFields {

    private AbsentGroupFields() {
    }

    /** One warning per group-by field that no row of the final result has a value for. */
    public static List<String> warnings(ResultNode result, ResultTable table) {
        List<List<Optional<String>>> keys = table.grouping().keys();
        boolean cutByLimit = result.limit().isPresent() && keys.size() >= result.limit().getAsInt();
        if (keys.isEmpty() || cutByLimit) {
            return List.of(); // no rows, or rows not shown might have the field
        }
        List<String> fields = table.grouping().fields();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            int field = i;
            if (keys.stream().allMatch(key -> key.get(field).isEmpty())) {
                String name = fields.get(i);
                String meant = name.startsWith("$") ? name.substring(1) : "$" + name;
                warnings.add("no line has the group-by field " + name + ", so all rows are in one group with an empty key;"
                        + " did you mean " + meant + "?");
            }
        }
        return warnings;
    }
}

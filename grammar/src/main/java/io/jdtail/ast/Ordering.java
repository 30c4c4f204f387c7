package io.jdtail.ast;

import java.util.Optional;

/**
 * {@code order by X} (largest first) or {@code rorder by X} (smallest first); an explicit
 * {@code asc}/{@code desc} after X wins over the keyword's direction.
 */
public record Ordering(SelectItem key, boolean reverseKeyword, Optional<Direction> explicitDirection) {

    public enum Direction { ASC, DESC }

    public boolean descending() {
        return explicitDirection.map(d -> d == Direction.DESC).orElse(!reverseKeyword);
    }
}

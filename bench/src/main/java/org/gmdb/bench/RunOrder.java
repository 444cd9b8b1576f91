package org.gmdb.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * In which order the contestants of one case take their turn: as listed in even turns,
 * reversed in odd ones, where a case's turn is its repeat plus its position in the repeat.
 * So a case's first and last contestant swap places from one repeat to the next (ABAB over
 * the repeats), and within a repeat consecutive cases alternate too: neither server always
 * runs on the warmer (or busier) machine.
 *
 * <p>Caveat: with three contestants the middle one always runs second.
 */
final class RunOrder {

    private RunOrder() {
    }

    static <T> List<T> of(List<T> contestants, int repeat, int caseIndex) {
        List<T> order = new ArrayList<>(contestants);
        if ((repeat + caseIndex) % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }
}

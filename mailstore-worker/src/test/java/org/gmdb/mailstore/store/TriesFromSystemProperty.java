package org.gmdb.mailstore.store;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a run choose how many tries each property of a class gets: the system property
 * {@value #PROPERTY} (e.g. {@code -Dconvergence.tries=1000}, or the Maven profile
 * {@code nightly}) overrides the count in {@code @Property}. Unset or blank keeps it.
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {

    static final String PROPERTY = "convergence.tries";

    /** Added to a class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(PROPERTY, "").trim();
        if (!tries.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(tries);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PROPERTY + "=" + tries + " (expected: a number of tries >= 1)", e);
            }
            if (n < 1) {
                throw new IllegalArgumentException(PROPERTY + "=" + n + " (expected: a number of tries >= 1)");
            }
            context.attributes().setTries(n);
        }
        return property.execute();
    }
}

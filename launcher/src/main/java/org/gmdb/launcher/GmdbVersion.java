package org.gmdb.launcher;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code gmdb --version}: the version from the jar manifest, with the Java runtime.
 * Caveat: run from classes rather than the jar, the version is "development".
 */
public final class GmdbVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Gmdb.class.getPackage().getImplementationVersion();
        return new String[] {
            "gmdb " + (version == null ? "development" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}

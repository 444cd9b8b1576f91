/**
 * Compatibility and fault tests of our job server, as a differential harness against
 * Debian's gearmand 1.1.20 (all {@code *IT}, run by Failsafe in {@code mvn verify}).
 *
 * <p>Each scenario runs on a fresh gearmand and a fresh server of ours; the normalised
 * transcripts must match ({@link org.gmdb.jobserver.compat.support.Differential}), and
 * where section 7 of {@code gearman-protocol.md} tells our server to deviate, the scenario
 * states both behaviours explicitly. Conformance cases of section 8, by class:
 * <ul>
 *   <li>{@link org.gmdb.jobserver.compat.AdminProtocolIT}: 1-7, 9, 54-65; cancel of a running
 *       job and {@code create function} with bare LF (section 7)</li>
 *   <li>{@link org.gmdb.jobserver.compat.MalformedInputIT}: 8, 49-53, 74; malformed data
 *       packet, garbage bytes, oversize GET_STATUS_UNIQUE (section 7)</li>
 *   <li>{@link org.gmdb.jobserver.compat.WakeUpNoopIT}: 10-16</li>
 *   <li>{@link org.gmdb.jobserver.compat.SubmitAndCoalescingIT}: 17, 27-37</li>
 *   <li>{@link org.gmdb.jobserver.compat.WorkForwardingIT}: 18, 44-48</li>
 *   <li>{@link org.gmdb.jobserver.compat.StatusIT}: 19-24, 75</li>
 *   <li>{@link org.gmdb.jobserver.compat.PriorityIT}: 25, 26</li>
 *   <li>{@link org.gmdb.jobserver.compat.RetriesAndTimeoutsIT}: 38-43</li>
 *   <li>{@link org.gmdb.jobserver.compat.EpochAndReduceIT}: 66-68; epoch jobs never block lower levels</li>
 *   <li>{@link org.gmdb.jobserver.compat.PersistenceIT}: 69-73 (MySQL queue, SIGUSR1)</li>
 * </ul>
 * Real clients: {@link org.gmdb.jobserver.compat.RealClientsIT} (Perl, gearman CLI, PHP in
 * every client/worker pairing, background submissions) and
 * {@link org.gmdb.jobserver.compat.GearadminIT}. Faults: {@link org.gmdb.jobserver.compat.FaultIT}
 * (worker kill -9 mid-job, server kill -9 with the MySQL queue).
 *
 * <p>Transcripts of the last run: {@code jobserver/target/compat-logs/transcripts}.
 */
package org.gmdb.jobserver.compat;

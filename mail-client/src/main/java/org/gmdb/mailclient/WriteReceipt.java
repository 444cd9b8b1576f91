package org.gmdb.mailclient;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gmdb.mail.event.Op;

/**
 * What became of one event: where it went and what each replica confirmed when the call
 * completed.
 *
 * @param eventId    the event's id; for deliver, append and copy also the new message's id
 * @param user       the user (lower-cased address) whose mail it changes
 * @param op         the operation
 * @param shard      the user's shard
 * @param requested  the durability the caller asked for
 * @param replicas   every replica of the shard, in topology order
 * @param queued     replicas whose background job a job server accepted (JOB_CREATED)
 * @param applied    replicas that confirmed they applied the event (ONE and ALL only)
 * @param failures   per replica, why it did not confirm; empty when all went well
 */
public record WriteReceipt(UUID eventId, String user, Op op, int shard, Durability requested, List<String> replicas,
        List<String> queued, List<String> applied, Map<String, String> failures) {

    public WriteReceipt {
        replicas = List.copyOf(replicas);
        queued = List.copyOf(queued);
        applied = List.copyOf(applied);
        failures = Map.copyOf(failures);
    }

    /** Whether the event reached the requested durability. */
    public boolean durable() {
        boolean allQueued = queued.size() == replicas.size();
        return switch (requested) {
            case QUEUED -> allQueued;
            case ONE -> allQueued && !applied.isEmpty();
            case ALL -> allQueued && applied.size() == replicas.size();
        };
    }

    /** One line naming what is missing, e.g. "bob@x.org (shard 2, event ...): replica b: not applied: ...". */
    public String describeFailure() {
        var sb = new StringBuilder();
        sb.append(user).append(" (shard ").append(shard).append(", ").append(op.wireName()).append(" event ")
                .append(eventId).append("): durability ").append(requested).append(" not reached, queued on ")
                .append(queued).append(", applied on ").append(applied);
        failures.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append("; replica ").append(e.getKey()).append(": ").append(e.getValue()));
        return sb.toString();
    }
}

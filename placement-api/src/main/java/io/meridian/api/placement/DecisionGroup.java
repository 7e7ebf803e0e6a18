package io.meridian.api.placement;

/**
 * A named decision group.
 *
 * @param groupName            the group's name, also the value of the slices' group-name label
 * @param groupClusterSelector which selected clusters belong to it
 */
public record DecisionGroup(String groupName, GroupClusterSelector groupClusterSelector) {
}

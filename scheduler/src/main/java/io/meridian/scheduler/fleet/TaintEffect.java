package io.meridian.scheduler.fleet;

import io.meridian.api.placement.Taint;

/** What a taint does to placements that do not tolerate it. */
public enum TaintEffect {
    /** Not selected; dropped where already selected. */
    NO_SELECT(Taint.NO_SELECT),
    /** Selected only when nothing better is left: a negative preference. */
    PREFER_NO_SELECT(Taint.PREFER_NO_SELECT),
    /** Kept where already selected, not selected anew. */
    NO_SELECT_IF_NEW(Taint.NO_SELECT_IF_NEW),
    /** An effect Meridian does not know; acts as {@link #NO_SELECT}, the safe reading of a taint. */
    UNKNOWN("Unknown");

    private final String wireName;

    TaintEffect(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The effect of this name, {@link #UNKNOWN} for any other text. */
    public static TaintEffect parse(String name) {
        for (TaintEffect effect : values()) {
            if (effect != UNKNOWN && effect.wireName.equals(name)) {
                return effect;
            }
        }
        return UNKNOWN;
    }
}

package io.meridian.scheduler.controller;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * Decodes every string of a cached object as one shared instance per distinct value. The caches
 * hold the same few texts over and over: each cluster's namespace and name in every decision,
 * slice and unselected cluster that names it, and the same reasons and condition types on every
 * Placement. Decoded one copy per occurrence, they were half of the controller's live heap at
 * 10,000 Placements, and a heap that full kept the garbage collector marking without pause. The
 * interner holds its strings weakly, so a value no cached object uses any more is collected.
 */
final class InternedStrings extends TypeAdapter<String> {

    private static final Interner<String> STRINGS = Interners.newWeakInterner();

    /** The Gson the informers decode with: {@code json}'s, with every string interned. */
    static Gson decoding(Gson json) {
        return json.newBuilder().registerTypeAdapter(String.class, new InternedStrings().nullSafe()).create();
    }

    @Override
    public String read(JsonReader in) throws IOException {
        // Read as Gson's own string adapter reads: a boolean where a string belongs is its text.
        String value = in.peek() == JsonToken.BOOLEAN ? Boolean.toString(in.nextBoolean()) : in.nextString();
        return STRINGS.intern(value);
    }

    @Override
    public void write(JsonWriter out, String value) throws IOException {
        out.value(value);
    }
}

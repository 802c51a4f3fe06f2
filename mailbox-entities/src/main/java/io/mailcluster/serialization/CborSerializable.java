package io.mailcluster.serialization;

/**
 * Marker for every message, event, state and reply that crosses nodes or is persisted.
 * reference.conf binds it to Pekko's jackson-cbor serializer; Java serialization is off.
 * Polymorphic fields need {@code @JsonTypeInfo(use = NAME)}, never {@code CLASS}.
 */
public interface CborSerializable {}

package cn.futian.jufu.devices;

/** A member's device as a push target: what the push dispatcher needs of it. */
public record PushDevice(long memberId, long deviceId, String token) {}

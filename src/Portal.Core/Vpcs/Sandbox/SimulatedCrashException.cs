namespace Portal.Core.Vpcs.Sandbox;

/// <summary>Thrown by the sandbox's <see cref="SandboxFault.Crash"/> fault: stands in for the portal dying mid-call,
/// so the workflow must leave the record for the reconciler rather than roll back.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);

/// The request and response documents of Vigil's REST API (`/api/v1`), one file per
/// resource. The names live under `API` so that a document (`API.IncidentDetail`) never
/// shadows the domain value it shows (`Incident`).
public enum API {}

// Original file: proto/vstudio/v1/admin.proto


export interface SetNodeStateResponse {
}

export interface SetNodeStateResponse__Output {
}

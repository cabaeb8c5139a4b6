// Original file: proto/vstudio/v1/peer.proto


export interface NodeStatusRequest {
}

export interface NodeStatusRequest__Output {
}

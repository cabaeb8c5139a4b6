// Original file: proto/vstudio/v1/admin.proto


export interface ClusterStatusRequest {
}

export interface ClusterStatusRequest__Output {
}
